package kz.kaspibridge.schemas.serde;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The one way kaspi-bridge reads partitions it assigns itself (state loaders, dedup stores,
 * replay tools): assign, seek every partition to a start, note the end offsets at that moment,
 * then read up to them. Reading "to the end" means to those noted offsets, so a reader finishes
 * even while writers keep appending; a tailing reader goes on with {@link #poll} afterwards.
 *
 * <p>Build the consumer from {@link KafkaClientConfig#assignedReaderProperties} or
 * {@link KafkaClientConfig#plainTextReaderProperties} (no group, nothing committed). The consumer
 * stays the caller's: this class neither closes it nor uses it from another thread.
 */
public final class PartitionReader<K, V> {

    private final org.apache.kafka.clients.consumer.Consumer<K, V> consumer;
    private final Map<TopicPartition, Long> ends;

    private PartitionReader(org.apache.kafka.clients.consumer.Consumer<K, V> consumer, Map<TopicPartition, Long> ends) {
        this.consumer = consumer;
        this.ends = Map.copyOf(ends);
    }

    /** Every partition of {@code topic}; fails if the topic does not exist (yet). */
    public static List<TopicPartition> partitionsOf(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
            String topic, Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** Assigns {@code partitions} and starts each at its first record. */
    public static <K, V> PartitionReader<K, V> fromBeginning(org.apache.kafka.clients.consumer.Consumer<K, V> consumer,
            Collection<TopicPartition> partitions, Duration timeout) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return new PartitionReader<>(consumer, consumer.endOffsets(partitions, timeout));
    }

    /**
     * Assigns {@code partitions} and starts each at its first record with a timestamp at or after
     * {@code from}; a partition with none starts at its end.
     */
    public static <K, V> PartitionReader<K, V> fromTime(org.apache.kafka.clients.consumer.Consumer<K, V> consumer,
            Collection<TopicPartition> partitions, Instant from, Duration timeout) {
        consumer.assign(partitions);
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, from.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query, timeout);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp at = offsets.get(p);
            consumer.seek(p, at == null ? ends.get(p) : at.offset());
        }
        return new PartitionReader<>(consumer, ends);
    }

    /** The end offset of each partition when reading began: what {@link #readToEnd} reads up to. */
    public Map<TopicPartition, Long> endOffsets() {
        return ends;
    }

    /** Whether every partition has been read up to its end offset at start. */
    public boolean caughtUp() {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    /**
     * One poll, every record handed over, also those written after the start (for a reader that
     * keeps tailing).
     *
     * @return how many records were handed over
     */
    public int poll(Duration timeout, Consumer<ConsumerRecord<K, V>> handler) {
        int count = 0;
        for (ConsumerRecord<K, V> record : consumer.poll(timeout)) {
            handler.accept(record);
            count++;
        }
        return count;
    }

    /**
     * Hands over every record from the start up to the end offsets noted then, and nothing written
     * after, so the result is the snapshot of that moment.
     *
     * @return how many records were handed over
     * @throws PartitionReadTimeoutException if the end is not reached within {@code timeout}
     */
    public int readToEnd(Duration timeout, Consumer<ConsumerRecord<K, V>> handler) {
        // A bound on I/O, not a business time: measured on the monotonic clock.
        long deadline = System.nanoTime() + timeout.toNanos();
        int count = 0;
        while (!caughtUp()) {
            if (System.nanoTime() - deadline > 0) {
                throw new PartitionReadTimeoutException("partitions " + ends.keySet() + " not read to their end in "
                        + timeout);
            }
            for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(200))) {
                Long end = ends.get(new TopicPartition(record.topic(), record.partition()));
                if (end != null && record.offset() < end) {
                    handler.accept(record);
                    count++;
                }
            }
        }
        // A poll may have fetched records past the snapshot's end, which were left out above. Back to the end, so
        // that a reader that goes on tailing with this consumer gets them next instead of never.
        ends.forEach(consumer::seek);
        return count;
    }

    /** The end offsets were not reached in time (broker down, or a partition without a leader). */
    public static final class PartitionReadTimeoutException extends RuntimeException {
        PartitionReadTimeoutException(String message) {
            super(message);
        }
    }
}
