package kz.kaspibridge.schemas.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.tools.DeadLetterReplay.Outcome;
import kz.kaspibridge.schemas.tools.DeadLetterReplay.Selection;
import kz.kaspibridge.schemas.topics.Topic;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.RecordWriter;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

class DeadLetterReplayIT {

    private static final String TOPIC = "replay-test.orders";

    @Test
    void replaysSelectedRecordsByteForByteIntoTheirOriginalTopic() throws Exception {
        KafkaClientConfig kafka = new KafkaClientConfig(TestStack.bootstrapServers(), TestStack.registryUrl(), true);
        TestTopics.create(kafka.bootstrapServers(), List.of(new NewTopic(TOPIC, 2, (short) 1),
                new NewTopic(TOPIC + Topic.DEAD_LETTER_SUFFIX, 2, (short) 1)));
        try (RecordWriter<Object> writer = new RecordWriter<>(kafka.rawProducerProperties())) {
            for (String key : List.of("A-1", "B-2", "A-1")) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("kafka_dlt-original-topic", TOPIC.getBytes(StandardCharsets.UTF_8));
                headers.add("kafka_dlt-exception-message", "boom".getBytes(StandardCharsets.UTF_8));
                headers.add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
                writer.send(new ProducerRecord<>(TOPIC + Topic.DEAD_LETTER_SUFFIX, null, key, ("payload-" + key).getBytes(StandardCharsets.UTF_8), headers));
            }
        }
        DeadLetterReplay replay = new DeadLetterReplay(kafka);

        Outcome dry = replay.replay(new Selection(TOPIC + Topic.DEAD_LETTER_SUFFIX, Optional.of("A-1"), Optional.empty(), true));
        assertThat(dry).isEqualTo(new Outcome(3, 0));

        Outcome done = replay.replay(new Selection(TOPIC + Topic.DEAD_LETTER_SUFFIX, Optional.of("A-1"), Optional.empty(), false));
        assertThat(done).isEqualTo(new Outcome(3, 2));

        Map<String, Object> raw = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (RecordReader<byte[]> reader = RecordReader.fromBeginning(TOPIC, raw)) {
            List<ConsumerRecord<String, byte[]>> replayed = reader.awaitCount(2, Duration.ofSeconds(30));
            assertThat(reader.records()).hasSize(2);
            for (ConsumerRecord<String, byte[]> record : replayed) {
                assertThat(record.key()).isEqualTo("A-1");
                assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("payload-A-1");
                assertThat(record.headers().lastHeader("traceparent")).isNotNull();
                assertThat(record.headers().lastHeader("kafka_dlt-exception-message")).isNull();
                assertThat(new String(record.headers().lastHeader("kaspi-replayed-from").value(), StandardCharsets.UTF_8))
                        .startsWith(TOPIC + "-dlt-");
            }
        }
    }
}
