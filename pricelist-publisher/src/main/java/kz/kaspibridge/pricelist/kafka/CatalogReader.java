package kz.kaspibridge.pricelist.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import kz.kaspibridge.pricelist.catalog.MerchantCatalog;
import kz.kaspibridge.pricelist.catalog.MerchantId;
import kz.kaspibridge.pricelist.catalog.RebuildRequest;
import kz.kaspibridge.pricelist.catalog.RebuildSchedule;
import kz.kaspibridge.pricelist.feed.FeedPublisher;
import kz.kaspibridge.pricelist.feed.ServedFeeds;
import kz.kaspibridge.schemas.catalog.OfferEvent;
import kz.kaspibridge.schemas.ops.OperatorRequests;
import kz.kaspibridge.schemas.serde.PartitionReader;
import kz.kaspibridge.schemas.topics.Topic;
import kz.kaspibridge.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog's one thread. It reads {@code kaspi.offers} and {@code kaspi.available-stock} (both compacted: the
 * topics are the catalog's changelog) from their beginning into memory, builds every merchant's file, and only
 * then reports caught up, so a restart never serves an empty or partial file. Then it tails both topics and
 * rebuilds a merchant's file when its {@link RebuildSchedule} says so. Reading, applying and building on one
 * thread needs no lock: a build sees the catalog as of one moment.
 *
 * <p>Every instance reads every partition (no consumer group): each serves every merchant's file, so Kaspi's pull
 * can land on any of them. It also reads {@code kaspi.pricelist-published}, so that a restart that rebuilds the
 * same file does not announce it again, and the dead-letter topics, so that a bad record read again after a
 * restart is not dead-lettered twice.
 */
public final class CatalogReader implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(CatalogReader.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);
    static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    static final String REASON = "kafka_dlt-exception-message";

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final Producer<String, byte[]> deadLetters;
    private final FeedPublisher publisher;
    private final ServedFeeds served;
    private final RebuildSchedule schedule;
    private final KafkaAnnouncements announcements;
    private final Clock clock;
    private final Duration loadTimeout;
    private final Decoders decoders;
    private final Catalogs catalogs = new Catalogs();
    private final Set<String> deadLettered = new HashSet<>();
    private volatile boolean running = true;
    private volatile Consumer<String, byte[]> consumer;
    private volatile Consumer<String, byte[]> requestConsumer;
    private final java.util.function.Consumer<RebuildRequest.Outcome> requestCounter;

    public CatalogReader(Supplier<Consumer<String, byte[]>> consumers, Producer<String, byte[]> deadLetters,
                         FeedPublisher publisher, ServedFeeds served, RebuildSchedule schedule,
                         KafkaAnnouncements announcements, Decoders decoders, Clock clock, Duration loadTimeout,
                         java.util.function.Consumer<RebuildRequest.Outcome> requestCounter) {
        this.requestCounter = requestCounter;
        this.consumers = consumers;
        this.decoders = decoders;
        this.deadLetters = deadLetters;
        this.publisher = publisher;
        this.served = served;
        this.schedule = schedule;
        this.announcements = announcements;
        this.clock = clock;
        this.loadTimeout = loadTimeout;
    }

    @Override
    public void run() {
        try {
            readUntilStopped();
        } finally {
            // Stopped, or killed by an Error: either way the files are no longer kept up to date.
            served.caughtUp(false);
        }
    }

    private void readUntilStopped() {
        while (running) {
            try (Consumer<String, byte[]> c = consumers.get(); Consumer<String, byte[]> requests = consumers.get()) {
                consumer = c;
                requestConsumer = requests;
                // Positioned at the end before the catalog is read: a request written while it loads is still
                // served, but one written before this start is not replayed (the file it asked for is built anyway).
                atEnd(requests);
                PartitionReader<String, byte[]> reader = load(c);
                tail(reader, requests);
            } catch (WakeupException e) {
                if (running) {
                    log.warn("catalog reader woken up unexpectedly; starting over", e);
                }
            } catch (TopicMissing e) {
                // Just declared (its metadata not everywhere yet) or not declared yet by its owner: wait for it.
                log.warn("{}; reading the catalog once it exists", e.getMessage());
                sleep(Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                // The broker away: start over from the beginning, not ready meanwhile.
                served.caughtUp(false);
                log.error("catalog reader failed; reading the catalog again from the beginning in 5 s", e);
                sleep(Duration.ofSeconds(5));
            }
        }
    }

    public void stop() {
        running = false;
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Consumer<String, byte[]> r = requestConsumer;
        if (r != null) {
            r.wakeup();
        }
    }

    private void atEnd(Consumer<String, byte[]> requests) {
        List<TopicPartition> partitions;
        try {
            partitions = PartitionReader.partitionsOf(requests, Topics.PRICELIST_REBUILD_REQUESTS, METADATA_TIMEOUT);
        } catch (IllegalStateException e) {
            throw new TopicMissing(e.getMessage());
        }
        requests.assign(partitions);
        requests.seekToEnd(partitions);
        // seekToEnd is lazy: resolve it now, so the position is this moment's end, not the first poll's.
        partitions.forEach(p -> requests.position(p, METADATA_TIMEOUT));
    }

    private PartitionReader<String, byte[]> load(Consumer<String, byte[]> c) {
        served.caughtUp(false);
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic<?> topic : List.of(Topics.OFFERS, Topics.AVAILABLE_STOCK, Topics.PRICELIST_PUBLISHED,
                Topics.OFFERS.deadLetter(), Topics.AVAILABLE_STOCK.deadLetter())) {
            try {
                partitions.addAll(PartitionReader.partitionsOf(c, topic.name(), METADATA_TIMEOUT));
            } catch (IllegalStateException e) {
                throw new TopicMissing(e.getMessage());
            }
        }
        long started = System.nanoTime();
        PartitionReader<String, byte[]> reader = PartitionReader.fromBeginning(c, partitions, METADATA_TIMEOUT);
        List<Bad> bad = new ArrayList<>();
        int read = reader.readToEnd(loadTimeout, record -> load(record, bad));
        // Only now is every earlier dead letter known: a bad record read again is not dead-lettered again.
        bad.forEach(b -> deadLetterOnce(b.record(), b.reason()));
        for (MerchantCatalog catalog : catalogs.all()) {
            publisher.rebuild(catalog);
        }
        served.caughtUp(true);
        log.info("catalog read to its end ({} records, {} merchants) and every file built in {} ms", read,
                catalogs.all().size(), Duration.ofNanos(System.nanoTime() - started).toMillis());
        return reader;
    }

    private void tail(PartitionReader<String, byte[]> reader, Consumer<String, byte[]> requests) {
        while (running) {
            Instant now = clock.instant();
            Duration wait = schedule.next().map(due -> Duration.between(now, due)).filter(d -> d.compareTo(POLL) < 0)
                    .map(d -> d.isNegative() ? Duration.ZERO : d).orElse(POLL);
            reader.poll(wait, record -> {
                MerchantId changed;
                try {
                    changed = apply(record);
                } catch (Catalogs.Refused e) {
                    deadLetterOnce(record, e.getMessage());
                    return;
                }
                if (changed != null) {
                    Instant at = clock.instant();
                    schedule.changed(changed, at);
                    served.changed(changed, at);
                }
            });
            for (ConsumerRecord<String, byte[]> request : requests.poll(Duration.ZERO)) {
                rebuildRequested(request);
            }
            for (MerchantId merchant : schedule.due(clock.instant())) {
                catalogs.of(merchant).ifPresent(publisher::rebuild);
            }
            announcements.retry();
        }
    }

    /** An operator's {@code kaspi-ops rebuild-feed}: the merchant's build falls due at once, on every instance. */
    private void rebuildRequested(ConsumerRecord<String, byte[]> record) {
        Optional<MerchantId> merchant;
        try {
            merchant = Optional.of(new MerchantId(record.key()));
        } catch (IllegalArgumentException e) {
            merchant = Optional.empty();
        }
        boolean wellFormed;
        try {
            OperatorRequests.FeedRebuild.fromJson(record.value() == null ? ""
                    : new String(record.value(), StandardCharsets.UTF_8));
            wellFormed = true;
        } catch (IllegalArgumentException e) {
            wellFormed = false;
        }
        RebuildRequest.Outcome outcome = RebuildRequest.judge(merchant, wellFormed,
                merchant.flatMap(catalogs::of).isPresent());
        if (outcome == RebuildRequest.Outcome.ACCEPTED) {
            schedule.requested(merchant.get(), clock.instant());
            log.info("feed rebuild requested merchantId={}", merchant.get());
        } else {
            log.warn("feed rebuild request refused merchantId={} outcome={} offset={}", record.key(), outcome.tag(),
                    coordinates(record.topic(), record.partition(), record.offset()));
        }
        requestCounter.accept(outcome);
    }

    /** Applies one record read while catching up; a bad one is kept, to be dead-lettered once all is read. */
    private void load(ConsumerRecord<String, byte[]> record, List<Bad> bad) {
        try {
            apply(record);
        } catch (Catalogs.Refused e) {
            bad.add(new Bad(record, e.getMessage()));
        }
    }

    /**
     * Applies one record: a catalog change, an earlier announcement or an earlier dead letter.
     *
     * @return the merchant whose catalog changed, or null
     * @throws Catalogs.Refused if the record cannot be decoded or applied
     */
    private MerchantId apply(ConsumerRecord<String, byte[]> record) {
        String topic = record.topic();
        if (topic.endsWith("-dlt")) {
            remember(record);
            return null;
        }
        if (topic.equals(Topics.PRICELIST_PUBLISHED.name())) {
            try {
                announcements.seen(decoders.published(record));
            } catch (Catalogs.Refused e) {
                // Our own topic, read only to skip repeats: a bad record there costs at most one repeat.
                log.warn("announcement {} ignored: {}", coordinates(topic, record.partition(), record.offset()),
                        e.getMessage());
            }
            return null;
        }
        try {
            if (topic.equals(Topics.OFFERS.name())) {
                OfferEvent event = record.value() == null ? null : decoders.offer(record);
                return catalogs.offer(record.key(), event, Instant.ofEpochMilli(record.timestamp()));
            }
            return catalogs.stock(decoders.stock(record));
        } catch (IllegalArgumentException e) {
            // A blank merchant id: a record that names no price list.
            throw new Catalogs.Refused(e.getMessage());
        }
    }

    private void deadLetterOnce(ConsumerRecord<String, byte[]> record, String reason) {
        String coordinates = coordinates(record.topic(), record.partition(), record.offset());
        if (!deadLettered.add(coordinates)) {
            return;
        }
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(record.topic() + "-dlt", record.partition(),
                record.key(), record.value());
        dead.headers().add(ORIGINAL_TOPIC, record.topic().getBytes(StandardCharsets.UTF_8));
        dead.headers().add(ORIGINAL_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(record.partition()).array());
        dead.headers().add(ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(record.offset()).array());
        dead.headers().add(REASON, reason.getBytes(StandardCharsets.UTF_8));
        log.warn("record {} (key {}) dead-lettered to {}-dlt: {}", coordinates, record.key(), record.topic(), reason);
        deadLetters.send(dead, (metadata, e) -> {
            if (e != null) {
                log.error("could not dead-letter record {}: {}", coordinates, e.toString());
            }
        });
    }

    private void remember(ConsumerRecord<String, byte[]> record) {
        Header topic = record.headers().lastHeader(ORIGINAL_TOPIC);
        Header partition = record.headers().lastHeader(ORIGINAL_PARTITION);
        Header offset = record.headers().lastHeader(ORIGINAL_OFFSET);
        if (topic != null && partition != null && offset != null && partition.value().length == Integer.BYTES
                && offset.value().length == Long.BYTES) {
            deadLettered.add(coordinates(new String(topic.value(), StandardCharsets.UTF_8),
                    ByteBuffer.wrap(partition.value()).getInt(), ByteBuffer.wrap(offset.value()).getLong()));
        }
    }

    private static String coordinates(String topic, int partition, long offset) {
        return topic + "/" + partition + "@" + offset;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class TopicMissing extends RuntimeException {
        TopicMissing(String message) {
            super(message);
        }
    }

    private record Bad(ConsumerRecord<String, byte[]> record, String reason) {
    }
}
