package kz.kaspibridge.schemas.tools;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.serde.PartitionReader;
import kz.kaspibridge.schemas.topics.Topic;
import kz.kaspibridge.schemas.topics.Topics;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;
import org.springframework.kafka.support.serializer.SerializationUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads everything about one order: every topic keyed by order code (the catalog's, their dead-letter topics,
 * and the services' internal ones the catalog names), only the partition the code hashes to, from the beginning
 * up to the end offsets noted at start, {@code read_committed}, without a consumer group. Values are decoded with
 * the services' own serde settings ({@link KafkaClientConfig}); {@link TraceTimeline} decides what is shown.
 */
public final class OrderTrace {

    static final String DLT_EXCEPTION_HEADER = "kafka_dlt-exception-message";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What was read, and the topics that do not exist on this cluster (not declared yet: nothing to read). */
    public record Result(TraceTimeline timeline, List<String> missingTopics, int topicsRead) {
    }

    private final KafkaClientConfig kafka;
    private final Duration timeout;

    public OrderTrace(KafkaClientConfig kafka, Duration timeout) {
        this.kafka = kafka;
        this.timeout = timeout;
    }

    /** Kafka's default partitioner for a string key: where every record of this order is. */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    public Result trace(String orderCode) {
        List<String> contract = Topics.orderKeyed().stream().map(Topic::name).toList();
        List<String> internal = new ArrayList<>();
        for (String name : Topics.orderKeyedInternal()) {
            internal.add(name);
            internal.add(name + Topic.DEAD_LETTER_SUFFIX);
        }
        List<String> all = new ArrayList<>(contract);
        all.addAll(internal);
        Map<String, Integer> partitions = partitionCounts(all);
        List<String> missing = all.stream().filter(name -> !partitions.containsKey(name)).toList();

        List<TraceTimeline.Entry> entries = new ArrayList<>();
        entries.addAll(read(orderCode, contract, partitions, kafka.assignedReaderProperties("kaspi-ops-trace"),
                this::fromAvro));
        entries.addAll(read(orderCode, internal, partitions, kafka.plainTextReaderProperties("kaspi-ops-trace"),
                this::fromJson));
        return new Result(TraceTimeline.of(entries), missing, all.size() - missing.size());
    }

    private <V> List<TraceTimeline.Entry> read(String orderCode, Collection<String> topics,
            Map<String, Integer> partitions, Map<String, Object> props,
            Function<ConsumerRecord<String, V>, TraceTimeline.Entry> toEntry) {
        List<TopicPartition> assigned = topics.stream().filter(partitions::containsKey)
                .map(topic -> new TopicPartition(topic, partitionOf(orderCode, partitions.get(topic)))).toList();
        List<TraceTimeline.Entry> entries = new ArrayList<>();
        if (assigned.isEmpty()) {
            return entries;
        }
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props)) {
            PartitionReader.fromBeginning(consumer, assigned, timeout).readToEnd(timeout, record -> {
                if (orderCode.equals(record.key())) {
                    entries.add(toEntry.apply(record));
                }
            });
        }
        return entries;
    }

    private Map<String, Integer> partitionCounts(List<String> topics) {
        Map<String, Object> props = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        Map<String, Integer> counts = new HashMap<>();
        try (Admin admin = Admin.create(props)) {
            Map<String, KafkaFuture<TopicDescription>> described =
                    admin.describeTopics(topics).topicNameValues();
            for (Map.Entry<String, KafkaFuture<TopicDescription>> topic : described.entrySet()) {
                try {
                    counts.put(topic.getKey(), topic.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                            .partitions().size());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                        throw new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " did not answer in "
                                + timeout, e.getCause());
                    }
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw new IllegalStateException("cannot describe " + topic.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " did not answer in " + timeout, e);
        }
        return counts;
    }

    private TraceTimeline.Entry fromAvro(ConsumerRecord<String, Object> record) {
        Optional<String> dltError = header(record, DLT_EXCEPTION_HEADER);
        if (!(record.value() instanceof GenericRecord envelope)) {
            // A poison record (kept as raw bytes on its dead-letter topic) or a tombstone: its place still shows.
            String type = header(record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER).isPresent() ? "undecodable"
                    : record.value() == null ? "empty" : record.value().getClass().getSimpleName();
            return new TraceTimeline.Entry(Instant.ofEpochMilli(record.timestamp()), record.topic(), record.partition(),
                    record.offset(), false, type, Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
                    dltError);
        }
        GenericRecord payload = envelope.getSchema().getField("payload") != null
                && envelope.get("payload") instanceof GenericRecord inner ? inner : envelope;
        Optional<GenericRecord> metadata = envelope.getSchema().getField("metadata") != null
                && envelope.get("metadata") instanceof GenericRecord meta ? Optional.of(meta) : Optional.empty();
        Map<String, Object> fields = new LinkedHashMap<>(scalars(envelope));
        fields.putAll(scalars(payload));
        Instant time = metadata.map(m -> m.get("occurredAt")).map(OrderTrace::instant)
                .orElse(Instant.ofEpochMilli(record.timestamp()));
        return new TraceTimeline.Entry(time, record.topic(), record.partition(), record.offset(), false,
                payload.getSchema().getName(), metadata.flatMap(m -> text(m, "eventId")),
                metadata.flatMap(m -> text(m, "causationId")), metadata.flatMap(m -> text(m, "correlationId")),
                fields, dltError);
    }

    private TraceTimeline.Entry fromJson(ConsumerRecord<String, String> record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        String type = "internal";
        if (record.value() != null) {
            try {
                JsonNode json = JSON.readTree(record.value());
                for (Map.Entry<String, JsonNode> field : json.properties()) {
                    if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                        fields.put(field.getKey(), field.getValue().asString());
                    }
                }
                type = json.path("type").isString() ? json.path("type").asString() : type;
            } catch (JacksonException e) {
                type = "undecodable";
            }
        }
        return new TraceTimeline.Entry(Instant.ofEpochMilli(record.timestamp()), record.topic(), record.partition(),
                record.offset(), true, type, text(fields, "eventId"), text(fields, "causationId"),
                text(fields, "correlationId"), fields, header(record, DLT_EXCEPTION_HEADER));
    }

    /** Top-level scalars of a record, enums by name, lists by size; nested records (people, places) never. */
    private static Map<String, Object> scalars(GenericRecord record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                    || value instanceof Enum<?> || value instanceof GenericEnumSymbol<?> || value instanceof Instant) {
                fields.put(field.name(), value.toString());
            } else if (value instanceof Collection<?> list) {
                fields.put(field.name(), list.size());
            }
        }
        return fields;
    }

    private static Instant instant(Object value) {
        return value instanceof Instant at ? at : Instant.ofEpochMilli(((Number) value).longValue());
    }

    private static Optional<String> text(GenericRecord record, String field) {
        return record.getSchema().getField(field) == null ? Optional.empty()
                : Optional.ofNullable(record.get(field)).map(Object::toString);
    }

    private static Optional<String> text(Map<String, Object> fields, String name) {
        return Optional.ofNullable(fields.get(name)).map(Object::toString);
    }

    private static Optional<String> header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
