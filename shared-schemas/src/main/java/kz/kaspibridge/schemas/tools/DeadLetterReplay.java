package kz.kaspibridge.schemas.tools;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.serde.PartitionReader;
import kz.kaspibridge.schemas.topics.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Replays a dead-letter topic into the topic its records came from, byte for byte, once the cause
 * is fixed. It reads the dead-letter topic up to its end at start (records dead-lettered during the
 * replay wait for the next one), keeps the key and the original headers, drops the
 * {@code kafka_dlt-*} headers and adds {@code kaspi-replayed-from}. Consumers are idempotent, so
 * replaying a record twice has no second effect.
 *
 * <pre>
 * ./mvnw -q -pl shared-schemas exec:java -Dexec.mainClass=kz.kaspibridge.schemas.tools.DeadLetterReplay \
 *   -Dexec.args="kaspi.orders-dlt [--key=ORDER] [--since=2026-11-25T00:00:00Z] [--dry-run]"
 * </pre>
 */
public final class DeadLetterReplay {

    static final String ORIGINAL_TOPIC_HEADER = "kafka_dlt-original-topic";
    static final String REPLAYED_FROM_HEADER = "kaspi-replayed-from";

    /** Which dead-lettered records to replay. */
    public record Selection(String deadLetterTopic, Optional<String> key, Optional<Instant> since, boolean dryRun) {
        public Selection {
            if (!deadLetterTopic.endsWith(Topic.DEAD_LETTER_SUFFIX)) {
                throw new IllegalArgumentException(deadLetterTopic + " is not a dead-letter topic (<topic>-dlt)");
            }
        }

        boolean matches(ConsumerRecord<String, byte[]> record) {
            return key.map(k -> k.equals(record.key())).orElse(true)
                    && since.map(s -> !Instant.ofEpochMilli(record.timestamp()).isBefore(s)).orElse(true);
        }
    }

    /** What a replay did: records read, and records written back (or that would be, on a dry run). */
    public record Outcome(int read, int replayed) {
    }

    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    /** A dead-letter topic holds at most four weeks of failures: generous, but never a hang. */
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(30);

    private final KafkaClientConfig kafka;

    public DeadLetterReplay(KafkaClientConfig kafka) {
        this.kafka = kafka;
    }

    public Outcome replay(Selection selection) throws Exception {
        // Dead letters are raw bytes: read them as such, with string keys.
        Map<String, Object> consumerProps = kafka.plainTextReaderProperties("dlt-replay");
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        int read;
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps);
             KafkaProducer<String, Object> producer = new KafkaProducer<>(kafka.rawProducerProperties())) {
            PartitionReader<String, byte[]> reader = PartitionReader.fromBeginning(consumer,
                    PartitionReader.partitionsOf(consumer, selection.deadLetterTopic(), METADATA_TIMEOUT),
                    METADATA_TIMEOUT);
            read = reader.readToEnd(READ_TIMEOUT, record -> {
                if (selection.matches(record)) {
                    ProducerRecord<String, Object> replay = toOriginal(record);
                    if (!selection.dryRun()) {
                        sent.add(producer.send(replay));
                    }
                    System.out.printf("%s %s key=%s -> %s%n", selection.dryRun() ? "would replay" : "replaying",
                            record.topic() + "-" + record.partition() + "@" + record.offset(), record.key(), replay.topic());
                }
            });
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
        }
        return new Outcome(read, selection.dryRun() ? 0 : sent.size());
    }

    static ProducerRecord<String, Object> toOriginal(ConsumerRecord<String, byte[]> record) {
        Header original = record.headers().lastHeader(ORIGINAL_TOPIC_HEADER);
        String topic = original != null ? new String(original.value(), StandardCharsets.UTF_8)
                : record.topic().substring(0, record.topic().length() - Topic.DEAD_LETTER_SUFFIX.length());
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith("kafka_dlt-")) {
                headers.add(header);
            }
        }
        headers.add(REPLAYED_FROM_HEADER, (record.topic() + "-" + record.partition() + "@" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, record.key(), record.value(), headers);
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("--")) {
            System.err.println("usage: DeadLetterReplay <topic>-dlt [--key=KEY] [--since=ISO-INSTANT] [--dry-run]");
            System.exit(2);
        }
        Optional<String> key = Optional.empty();
        Optional<Instant> since = Optional.empty();
        boolean dryRun = false;
        for (String arg : List.of(args).subList(1, args.length)) {
            if (arg.startsWith("--key=")) {
                key = Optional.of(arg.substring("--key=".length()));
            } else if (arg.startsWith("--since=")) {
                since = Optional.of(Instant.parse(arg.substring("--since=".length())));
            } else if (arg.equals("--dry-run")) {
                dryRun = true;
            } else {
                System.err.println("unknown option " + arg);
                System.exit(2);
            }
        }
        KafkaClientConfig kafka = new KafkaClientConfig(env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092"),
                env("SCHEMA_REGISTRY_URL", "http://127.0.0.1:18081"), false);
        Outcome outcome = new DeadLetterReplay(kafka).replay(new Selection(args[0], key, since, dryRun));
        System.out.printf("read %d dead-lettered records, replayed %d%n", outcome.read(), outcome.replayed());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
