package kz.kaspibridge.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The shared reader against the embedded broker: snapshot ends, time seeks, empty partitions, tailing. */
class PartitionReaderIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    // Recent, so the broker's default retention keeps the records.
    private static final Instant T0 = Instant.now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private final KafkaClientConfig kafka = new KafkaClientConfig(TestStack.bootstrapServers(), TestStack.registryUrl(),
            true);

    @Test
    void readsEveryPartitionFromTheBeginningUpToTheEndAtStartAndNoFurther() throws Exception {
        String topic = newTopic("reader-test.from-beginning", 3);
        // Partition 2 stays empty: an empty partition counts as read at once.
        write(topic, 0, "a", T0, T0.plusSeconds(1));
        write(topic, 1, "b", T0.plusSeconds(2));
        try (KafkaConsumer<String, String> consumer = reader()) {
            PartitionReader<String, String> reader = PartitionReader.fromBeginning(consumer,
                    PartitionReader.partitionsOf(consumer, topic, TIMEOUT), TIMEOUT);
            assertThat(reader.endOffsets()).containsOnly(Map.entry(new TopicPartition(topic, 0), 2L),
                    Map.entry(new TopicPartition(topic, 1), 1L), Map.entry(new TopicPartition(topic, 2), 0L));
            // Written after the start: not part of the snapshot.
            write(topic, 0, "late", T0.plusSeconds(3));
            List<String> values = new ArrayList<>();

            int count = reader.readToEnd(TIMEOUT, record -> values.add(record.value()));

            assertThat(count).isEqualTo(3);
            assertThat(values).containsExactlyInAnyOrder("a-0", "a-1", "b-0");
            assertThat(reader.caughtUp()).isTrue();

            // ...but not lost either: a reader that goes on tailing gets it next, though the snapshot's last poll
            // had already fetched it (pricelist-publisher lost offers written while it loaded this way).
            List<String> next = new ArrayList<>();
            await().atMost(TIMEOUT).until(() -> {
                reader.poll(Duration.ofMillis(200), record -> next.add(record.value()));
                return !next.isEmpty();
            });
            assertThat(next).containsExactly("late-0");
        }
    }

    @Test
    void startsEachPartitionAtItsFirstRecordAtOrAfterTheTimeAndAtItsEndWithoutOne() throws Exception {
        String topic = newTopic("reader-test.from-time", 2);
        write(topic, 0, "old", T0, T0.plusSeconds(10));
        write(topic, 0, "new", T0.plusSeconds(20), T0.plusSeconds(30));
        write(topic, 1, "old", T0.plusSeconds(5));
        try (KafkaConsumer<String, String> consumer = reader()) {
            PartitionReader<String, String> reader = PartitionReader.fromTime(consumer,
                    PartitionReader.partitionsOf(consumer, topic, TIMEOUT), T0.plusSeconds(20), TIMEOUT);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();

            reader.readToEnd(TIMEOUT, records::add);

            assertThat(records).extracting(ConsumerRecord::value).containsExactly("new-0", "new-1");
            assertThat(records).extracting(ConsumerRecord::partition).containsOnly(0);
        }
    }

    @Test
    void pollKeepsHandingOverRecordsWrittenAfterTheEnd() throws Exception {
        String topic = newTopic("reader-test.tail", 1);
        write(topic, 0, "before", T0);
        try (KafkaConsumer<String, String> consumer = reader()) {
            PartitionReader<String, String> reader = PartitionReader.fromBeginning(consumer,
                    PartitionReader.partitionsOf(consumer, topic, TIMEOUT), TIMEOUT);
            List<String> values = new ArrayList<>();
            reader.readToEnd(TIMEOUT, record -> values.add(record.value()));
            write(topic, 0, "after", T0.plusSeconds(1));

            await().atMost(30, TimeUnit.SECONDS).until(() -> {
                reader.poll(Duration.ofMillis(200), record -> values.add(record.value()));
                return values.size() == 2;
            });

            assertThat(values).containsExactly("before-0", "after-0");
        }
    }

    @Test
    void aMissingTopicIsAClearError() {
        try (KafkaConsumer<String, String> consumer = reader()) {
            assertThatThrownBy(() -> PartitionReader.partitionsOf(consumer, "reader-test.missing", Duration.ofSeconds(5)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("reader-test.missing");
        }
    }

    private String newTopic(String name, int partitions) {
        TestTopics.create(kafka.bootstrapServers(), List.of(new NewTopic(name, partitions, (short) 1)));
        return name;
    }

    private KafkaConsumer<String, String> reader() {
        return new KafkaConsumer<>(kafka.plainTextReaderProperties("partition-reader-it"));
    }

    /** Values {@code prefix-0}, {@code prefix-1}... with the given record timestamps. */
    private void write(String topic, int partition, String prefix, Instant... timestamps) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < timestamps.length; i++) {
                producer.send(new ProducerRecord<>(topic, partition, timestamps[i].toEpochMilli(), "k", prefix + "-" + i))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }
}
