package kz.kaspibridge.schemas.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import kz.kaspibridge.testsupport.TestStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The group and dead-letter gauges against the real broker: members, lag per topic, records kept. */
class KafkaWatchIT {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "watch-" + run;
    private final String deadLetters = topic + "-dlt";
    private final String group = "watch-group-" + run;

    @Test
    void reportsMembersLagAndDeadLetters() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1), new NewTopic(deadLetters, 1, (short) 1)))
                    .all().get();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, "k", "v" + i));
                }
                producer.send(new ProducerRecord<>(topic, 1, "k", "w"));
                producer.send(new ProducerRecord<>(deadLetters, "k", "dead-1"));
                producer.send(new ProducerRecord<>(deadLetters, "k", "dead-2"));
            }
            // The group has consumed 2 of partition 0's 5 and none of partition 1's 1: lag 3 + 1.
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2),
                    new TopicPartition(topic, 1), new OffsetAndMetadata(0))).all().get();
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        KafkaWatch watch = new KafkaWatch(TestStack.bootstrapServers(), Duration.ofMinutes(1),
                Pattern.compile("watch-group-" + run + ".*"), meters);
        try {
            watch.refresh();

            assertThat(meters.get("kaspi.kafka.consumer.lag").tags("group", group, "topic", topic).gauge().value())
                    .isEqualTo(4);
            assertThat(meters.get("kaspi.kafka.consumer.members").tag("group", group).gauge().value()).isZero();
            assertThat(meters.get("kaspi.kafka.dlt.records").tag("topic", deadLetters).gauge().value())
                    .isEqualTo(2);
            assertThat(meters.find("kaspi.kafka.consumer.members").gauges())
                    .as("only the groups the pattern names").hasSize(1);

            try (KafkaConsumer<String, String> member = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, group,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                    new StringDeserializer())) {
                member.subscribe(List.of(topic));
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (member.assignment().isEmpty() && System.nanoTime() < until) {
                    member.poll(Duration.ofMillis(200));
                }
                watch.refresh();
                assertThat(meters.get("kaspi.kafka.consumer.members").tag("group", group).gauge().value())
                        .isEqualTo(1);
            }
        } finally {
            watch.destroy();
        }
    }
}
