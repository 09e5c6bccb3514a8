package kz.kaspibridge.testsupport;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer that sees only what is written from now on: assigned every partition of a topic and positioned at its
 * end before it returns, with a short fetch wait, so a benchmark's timestamps measure the records and not the
 * consumer's polling.
 */
public final class TailConsumers {

    private static final Duration FETCH_MAX_WAIT = Duration.ofMillis(10);

    private TailConsumers() {
    }

    /** @param consumerProperties deserializers, registry and group settings */
    public static <V> KafkaConsumer<String, V> atEnd(String topic, Map<String, Object> consumerProperties) {
        Map<String, Object> props = new HashMap<>(consumerProperties);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) FETCH_MAX_WAIT.toMillis());
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Resolve the end positions now, so nothing written after this call is missed.
        partitions.forEach(consumer::position);
        return consumer;
    }
}
