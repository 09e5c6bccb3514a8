package kz.kaspibridge.schemas.serde;

import io.apicurio.registry.serde.Legacy4ByteIdHandler;
import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * The one place that says how every kaspi-bridge client talks to Kafka and the schema registry.
 *
 * <p>Values use Apicurio's Avro serdes in Confluent-compatible mode: magic byte 0, a 4-byte schema
 * id (the registry's content id, which is what {@code /apis/ccompat/v7/schemas/ids/{id}} serves),
 * then Avro binary; no Apicurio headers. So Confluent's {@code KafkaAvroDeserializer}, kcat,
 * ksqlDB and Kafka Connect read our topics. Keys are plain strings.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param registryUrl      the registry base URL, for example {@code http://127.0.0.1:8081}; the
 *                         Apicurio v2 API path is added here
 * @param autoRegister     whether producers register schemas; production may pre-register instead
 */
public record KafkaClientConfig(String bootstrapServers, String registryUrl, boolean autoRegister) {

    /** Producer writes give up after this, so a caller (webhook-ingress) can answer 503 in time. */
    public static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration MAX_BLOCK = Duration.ofSeconds(5);

    public KafkaClientConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(registryUrl, "registryUrl");
        registryUrl = registryUrl.replaceAll("/+$", "");
    }

    /** The Apicurio v2 API, which the Apicurio serdes speak. */
    public String apicurioApiUrl() {
        return registryUrl + "/apis/registry/v2";
    }

    /** The Confluent-compatible API, for other teams' tooling. */
    public String confluentApiUrl() {
        return registryUrl + "/apis/ccompat/v7";
    }

    /** Idempotent, acks=all producer with bounded blocking, String keys and Avro values. */
    public Map<String, Object> producerProperties() {
        ContractClasses.trust();
        Map<String, Object> props = new HashMap<>(serdeProperties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK.toMillis());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class);
        props.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, autoRegister);
        props.put(SerdeConfig.AUTO_REGISTER_ARTIFACT_IF_EXISTS, "RETURN_OR_UPDATE");
        return props;
    }

    /**
     * The same producer for values that are already bytes: dead-letter publishing and replay copy
     * records verbatim, so a poison record stays exactly as it arrived.
     */
    public Map<String, Object> rawProducerProperties() {
        Map<String, Object> props = producerProperties();
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    /**
     * A consumer that commits only when told to, reads committed data, and never loops on a poison
     * record: both deserializers are wrapped in {@link ErrorHandlingDeserializer}, so an
     * undecodable record reaches the error handler (and the dead-letter topic) as a
     * {@code DeserializationException}.
     */
    public Map<String, Object> consumerProperties(String groupId) {
        ContractClasses.trust();
        Map<String, Object> props = new HashMap<>(serdeProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
        props.put(ErrorHandlingDeserializer.KEY_DESERIALIZER_CLASS, StringDeserializer.class);
        props.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, AvroKafkaDeserializer.class);
        return props;
    }

    /**
     * A reader that assigns partitions itself and commits nothing (state loaders, replay tools): the
     * consumer properties without a group id, Avro values as usual.
     */
    public Map<String, Object> assignedReaderProperties(String clientId) {
        Map<String, Object> props = consumerProperties("unused");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    /**
     * An assigned reader of a service's internal plain-text topic (state, cursors): String
     * keys and values, so no registry is involved.
     */
    public Map<String, Object> plainTextReaderProperties(String clientId) {
        Map<String, Object> props = assignedReaderProperties(clientId);
        props.remove(ErrorHandlingDeserializer.KEY_DESERIALIZER_CLASS);
        props.remove(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return props;
    }

    /** The registry settings alone, for code that builds serializers by hand. */
    public Map<String, Object> serdeProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(SerdeConfig.REGISTRY_URL, apicurioApiUrl());
        props.put(SerdeConfig.ENABLE_CONFLUENT_ID_HANDLER, true);
        // The handler as-confluent installs anyway; naming it avoids a "duplicate id-handler" warning per serde.
        props.put(SerdeConfig.ID_HANDLER, Legacy4ByteIdHandler.class.getName());
        props.put(SerdeConfig.USE_ID, "contentId");
        props.put(SerdeConfig.ENABLE_HEADERS, false);
        props.put(AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        // Register each schema whole (named types inlined), so a Confluent client needs no references.
        props.put("apicurio.registry.serializer.dereference-schema", true);
        props.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, autoRegister);
        return props;
    }
}
