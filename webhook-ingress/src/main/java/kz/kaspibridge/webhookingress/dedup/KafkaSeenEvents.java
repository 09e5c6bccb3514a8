package kz.kaspibridge.webhookingress.dedup;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import kz.kaspibridge.schemas.serde.PartitionReader;
import kz.kaspibridge.webhookingress.intake.SeenEvents;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The dedup store: every instance reads the markers of the last {@code horizon} from the dedup
 * topic into memory at start-up, becomes ready once it reaches the end offsets it saw then, and
 * keeps tailing, so markers written by other instances (and earlier runs) are known here.
 * Markers older than the horizon are dropped from memory; the topic keeps them longer.
 */
public final class KafkaSeenEvents implements SeenEvents, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaSeenEvents.class);

    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);

    private final java.util.function.Supplier<Consumer<String, String>> consumers;
    private final String topic;
    private final Duration horizon;
    private final Clock clock;
    private final Map<String, Long> seenAt = new ConcurrentHashMap<>();
    private final AtomicBoolean ready = new AtomicBoolean();
    private volatile boolean running;
    private volatile Consumer<String, String> consumer;
    private Thread tail;

    public KafkaSeenEvents(java.util.function.Supplier<Consumer<String, String>> consumers, String topic,
            Duration horizon, Clock clock) {
        this.consumers = consumers;
        this.topic = topic;
        this.horizon = horizon;
        this.clock = clock;
    }

    @Override
    public boolean isReady() {
        return ready.get();
    }

    @Override
    public boolean contains(String dedupKey) {
        return seenAt.containsKey(dedupKey);
    }

    @Override
    public void remember(String dedupKey) {
        seenAt.putIfAbsent(dedupKey, clock.millis());
    }

    /** How many keys are held in memory (a gauge). */
    public int size() {
        return seenAt.size();
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
        Consumer<String, String> current = consumer;
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

    /**
     * Start before the web server (default phase) accepts requests, stop after it drained them;
     * the producer warm-up shares it.
     */
    public static final int BEFORE_WEB_SERVER_PHASE = Integer.MIN_VALUE / 2;

    @Override
    public int getPhase() {
        return BEFORE_WEB_SERVER_PHASE;
    }

    private void run() {
        while (running) {
            try (Consumer<String, String> c = consumers.get()) {
                consumer = c;
                tailFrom(c);
            } catch (WakeupException e) {
                // stop() asked us to leave the poll.
            } catch (RuntimeException e) {
                log.warn("dedup store read failed, retrying error={}", e.toString());
                pause();
            } finally {
                consumer = null;
            }
        }
    }

    private void tailFrom(Consumer<String, String> c) {
        PartitionReader<String, String> reader = PartitionReader.fromTime(c,
                PartitionReader.partitionsOf(c, topic, METADATA_TIMEOUT), clock.instant().minus(horizon), METADATA_TIMEOUT);
        long loadStart = System.nanoTime();
        while (running) {
            reader.poll(Duration.ofMillis(200), marker -> {
                if (marker.key() != null) {
                    seenAt.putIfAbsent(marker.key(), marker.timestamp());
                }
            });
            if (!ready.get() && reader.caughtUp()) {
                ready.set(true);
                log.info("dedup store loaded keys={} tookMs={}", seenAt.size(), (System.nanoTime() - loadStart) / 1_000_000);
            }
            forgetOlderThanHorizon();
        }
    }

    private long lastSweep;

    private void forgetOlderThanHorizon() {
        long now = clock.millis();
        if (now - lastSweep < 60_000) {
            return;
        }
        lastSweep = now;
        long oldest = now - horizon.toMillis();
        seenAt.values().removeIf(at -> at < oldest);
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
