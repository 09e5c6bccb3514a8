package kz.kaspibridge.deploy.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The records on every dead-letter topic ({@code *-dlt}) of a broker: each one is work a human must replay. */
final class DeadLetters {

    private DeadLetters() {
    }

    /** topic → committed records on it, where there are any. */
    static Map<String, Integer> counts(String bootstrapServers) {
        Map<String, Integer> counts = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "resilience-dead-letters-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            for (String topic : consumer.listTopics(Duration.ofSeconds(10)).keySet()) {
                if (!topic.endsWith("-dlt")) {
                    continue;
                }
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(info -> new TopicPartition(topic, info.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                int records = 0;
                // Read to the end offsets (transaction markers take offsets too, so positions, not counts, end it).
                while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                    records += consumer.poll(Duration.ofMillis(200)).count();
                }
                if (records > 0) {
                    counts.put(topic, records);
                }
            }
        }
        return counts;
    }
}
