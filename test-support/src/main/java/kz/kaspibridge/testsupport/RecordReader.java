package kz.kaspibridge.testsupport;

import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one topic from its beginning and keeps everything it saw, so a test can await a record
 * matching a predicate (Awaitility, never a bare sleep) and then assert on all of them.
 */
public final class RecordReader<V> implements AutoCloseable {

    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private final KafkaConsumer<String, V> consumer;
    private final List<ConsumerRecord<String, V>> seen = new ArrayList<>();

    private RecordReader(KafkaConsumer<String, V> consumer) {
        this.consumer = consumer;
    }

    /**
     * @param consumerProperties deserializer and registry settings (a group id is added if absent;
     *                           offsets are never committed)
     */
    public static <V> RecordReader<V> fromBeginning(String topic, Map<String, Object> consumerProperties) {
        Map<String, Object> props = new HashMap<>(consumerProperties);
        props.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        if (partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return new RecordReader<>(consumer);
    }

    /** Waits until a record matches, and returns the first one that does. */
    public ConsumerRecord<String, V> await(Predicate<ConsumerRecord<String, V>> matching) {
        return await(matching, DEFAULT_WAIT);
    }

    public ConsumerRecord<String, V> await(Predicate<ConsumerRecord<String, V>> matching, Duration wait) {
        Awaitility.await().atMost(wait).pollInterval(Duration.ofMillis(50)).until(() -> {
            poll();
            return seen.stream().anyMatch(matching);
        });
        return seen.stream().filter(matching).findFirst().orElseThrow();
    }

    /** Waits until at least {@code count} records were seen, and returns all of them. */
    public List<ConsumerRecord<String, V>> awaitCount(int count, Duration wait) {
        Awaitility.await().atMost(wait).pollInterval(Duration.ofMillis(50)).until(() -> {
            poll();
            return seen.size() >= count;
        });
        return List.copyOf(seen);
    }

    /** Everything seen so far, after one more poll. */
    public List<ConsumerRecord<String, V>> records() {
        poll();
        return List.copyOf(seen);
    }

    private void poll() {
        consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
