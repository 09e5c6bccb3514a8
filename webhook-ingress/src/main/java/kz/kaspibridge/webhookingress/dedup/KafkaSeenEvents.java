package kz.kaspibridge.webhookingress.dedup;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import kz.kaspibridge.schemas.delivery.DeliveryStatusReported;
import kz.kaspibridge.schemas.serde.PartitionReader;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.schemas.webhooks.WebhookReceived;
import kz.kaspibridge.webhookingress.intake.MerchantEndpoint;
import kz.kaspibridge.webhookingress.intake.SeenEvents;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The dedup store, derived from the records the intake writes anyway: every status report carries
 * its merchant and {@code webhookEventId}, every archived request its merchant and (as correlation
 * id) the eventId. So one acknowledgement stores the webhook and makes its dedup durable; there is
 * no marker to write after it.
 *
 * <p>Every instance reads the last {@code horizon} of both topics into memory at start-up (more
 * than Kaspi's 24 h retry span; both topics keep a week or more), becomes ready once it reaches the
 * end offsets it saw then, and keeps tailing, so webhooks stored by other instances and earlier
 * runs are known here. A webhook counts as stored only once all its records are read (see
 * {@link StoredEventIndex}). Records are read as raw bytes: the intake's own carry
 * {@link DedupHeaders}, and only others are decoded. Keys older than the horizon are dropped.
 */
public final class KafkaSeenEvents implements SeenEvents, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaSeenEvents.class);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Start before the web server (default phase) accepts requests, stop after it drained them;
     * the producer warm-up shares it.
     */
    public static final int BEFORE_WEB_SERVER_PHASE = Integer.MIN_VALUE / 2;

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final Function<ConsumerRecord<String, byte[]>, Object> decoder;
    private final Predicate<byte[]> expectsReport;
    private final Duration horizon;
    private final Clock clock;
    private final StoredEventIndex index = new StoredEventIndex();
    private final AtomicBoolean ready = new AtomicBoolean();
    private volatile boolean running;
    private volatile Consumer<String, byte[]> consumer;
    private Thread tail;
    private long lastSweep;

    /**
     * @param consumers     raw readers of the report and archive topics (assigned, nothing committed)
     * @param decoder       the Avro value of a record without {@link DedupHeaders}, or null if undecodable
     * @param expectsReport whether an archived body is a known delivery event, for which the intake
     *                      also writes a status report
     */
    public KafkaSeenEvents(Supplier<Consumer<String, byte[]>> consumers,
            Function<ConsumerRecord<String, byte[]>, Object> decoder, Predicate<byte[]> expectsReport,
            Duration horizon, Clock clock) {
        this.consumers = consumers;
        this.decoder = decoder;
        this.expectsReport = expectsReport;
        this.horizon = horizon;
        this.clock = clock;
    }

    @Override
    public boolean isReady() {
        return ready.get();
    }

    @Override
    public boolean contains(String dedupKey) {
        return index.isStored(dedupKey);
    }

    @Override
    public void remember(String dedupKey) {
        index.stored(dedupKey, clock.millis());
    }

    /** How many keys are held in memory, whole or partial (a gauge). */
    public int size() {
        return index.size();
    }

    @Override
    public synchronized void start() {
        running = true;
        tail = new Thread(this::run, "dedup-tail");
        tail.setDaemon(true);
        tail.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        Consumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            if (tail != null) {
                tail.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return BEFORE_WEB_SERVER_PHASE;
    }

    private void run() {
        while (running) {
            try (Consumer<String, byte[]> c = consumers.get()) {
                consumer = c;
                tailFrom(c);
            } catch (WakeupException e) {
                log.debug("dedup store reader woken up to stop");
            } catch (RuntimeException e) {
                log.warn("dedup store read failed, retrying in 1 s", e);
                pause();
            } finally {
                consumer = null;
            }
        }
    }

    private void tailFrom(Consumer<String, byte[]> c) {
        List<TopicPartition> partitions = new ArrayList<>();
        partitions.addAll(PartitionReader.partitionsOf(c, Topics.DELIVERY_STATUS_REPORTS.name(), METADATA_TIMEOUT));
        partitions.addAll(PartitionReader.partitionsOf(c, Topics.WEBHOOKS_ARCHIVE.name(), METADATA_TIMEOUT));
        PartitionReader<String, byte[]> reader = PartitionReader.fromTime(c, partitions,
                clock.instant().minus(horizon), METADATA_TIMEOUT);
        long loadStart = System.nanoTime();
        while (running) {
            reader.poll(Duration.ofMillis(200), this::read);
            if (!ready.get() && reader.caughtUp()) {
                ready.set(true);
                log.info("dedup store loaded keys={} tookMs={}", index.size(), (System.nanoTime() - loadStart) / 1_000_000);
            }
            forgetOlderThanHorizon();
        }
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        Optional<String> key = DedupHeaders.key(record.headers());
        Optional<DedupHeaders.Part> part = DedupHeaders.part(record.headers());
        if (key.isPresent() && part.isPresent()) {
            switch (part.get()) {
                case REPORT -> index.report(key.get(), record.timestamp());
                case ARCHIVE_WITH_REPORT -> index.archive(key.get(), true, record.timestamp());
                case ARCHIVE_ONLY -> index.archive(key.get(), false, record.timestamp());
            }
            return;
        }
        readValue(record, decoder.apply(record));
    }

    /** A record without the dedup headers: what its value says. */
    private void readValue(ConsumerRecord<String, byte[]> record, Object value) {
        if (value instanceof DeliveryStatusReported) {
            DeliveryStatusReported report = (DeliveryStatusReported) value;
            index.report(MerchantEndpoint.dedupKey(report.getMetadata().getMerchantId(), report.getWebhookEventId()),
                    record.timestamp());
        } else if (value instanceof WebhookReceived) {
            WebhookReceived archived = (WebhookReceived) value;
            String eventId = archived.getMetadata().getCorrelationId();
            if (eventId == null) {
                return;
            }
            String key = MerchantEndpoint.dedupKey(archived.getMetadata().getMerchantId(), eventId);
            if (!index.isStored(key)) {
                index.archive(key, expectsReport.test(bytes(archived.getBody())), record.timestamp());
            }
        } else {
            // Undecodable: it vouches for nothing.
            log.warn("dedup store skipped an unreadable record topic={} partition={} offset={}", record.topic(),
                    record.partition(), record.offset());
        }
    }

    private void forgetOlderThanHorizon() {
        long now = clock.millis();
        if (now - lastSweep < 60_000) {
            return;
        }
        lastSweep = now;
        index.forgetBefore(now - horizon.toMillis());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
