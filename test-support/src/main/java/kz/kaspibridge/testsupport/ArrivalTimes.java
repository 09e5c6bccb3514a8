package kz.kaspibridge.testsupport;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * When each awaited record became visible to a consumer: a thread polls the consumer (for example one of
 * {@link TailConsumers#atEnd}) and notes, per key, the first time a matching record was seen. Benchmarks measure
 * latency from a send to that time.
 *
 * @param <V> the record value
 */
public final class ArrivalTimes<V> implements AutoCloseable {

    private final Map<String, Long> at = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    /**
     * @param keyOf the key a record is awaited under, or null for a record that is not awaited
     */
    public ArrivalTimes(KafkaConsumer<String, V> consumer, Function<ConsumerRecord<String, V>, String> keyOf,
                        String threadName) {
        reader = new Thread(() -> {
            try (consumer) {
                while (running) {
                    ConsumerRecords<String, V> records = consumer.poll(Duration.ofMillis(20));
                    long now = System.currentTimeMillis();
                    for (ConsumerRecord<String, V> record : records) {
                        String key = record.value() == null ? null : keyOf.apply(record);
                        if (key != null) {
                            at.putIfAbsent(key, now);
                        }
                    }
                }
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }, threadName);
        reader.start();
    }

    /** When the key's record was first seen (epoch millis), or null. */
    public Long at(String key) {
        return at.get(key);
    }

    public int missing(Collection<String> keys) {
        int missing = 0;
        for (String key : keys) {
            if (!at.containsKey(key)) {
                missing++;
            }
        }
        return missing;
    }

    /** Waits until every key was seen; returns when the last of them was (epoch millis). */
    public long awaitAll(Collection<String> keys, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (missing(keys) > 0) {
            if (failure != null) {
                throw new IllegalStateException("the reader failed", failure);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(missing(keys) + " of " + keys.size() + " records not seen in " + wait);
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        long last = 0;
        for (String key : keys) {
            last = Math.max(last, at.get(key));
        }
        return last;
    }

    /**
     * Waits until every key was seen, or {@code maxWait} passed, and says how many were still missing {@code grace}
     * after the last send: a rate is sustained when that backlog stays small.
     *
     * @param lastSentMillis when the last record of the phase was sent (epoch millis)
     */
    public int backlogAfter(Collection<String> keys, long lastSentMillis, Duration grace, Duration maxWait)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + maxWait.toMillis();
        int backlog = -1;
        while (System.currentTimeMillis() < deadline) {
            int missing = missing(keys);
            if (backlog < 0 && System.currentTimeMillis() >= lastSentMillis + grace.toMillis()) {
                backlog = missing;
            }
            if (missing == 0 && backlog >= 0) {
                break;
            }
            Thread.sleep(20);
        }
        return backlog < 0 ? missing(keys) : backlog;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join();
    }
}
