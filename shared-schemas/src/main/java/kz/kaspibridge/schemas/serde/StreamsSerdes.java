package kz.kaspibridge.schemas.serde;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import kz.kaspibridge.schemas.topics.Topic;

/**
 * Serdes and base settings for Kafka Streams applications, from the same {@link KafkaClientConfig} as every
 * producer and consumer: values of catalog topics are Avro on the Confluent wire format, keys are strings.
 * Nothing here is static state: each call builds and configures new serdes.
 */
public final class StreamsSerdes {

    private final KafkaClientConfig client;

    public StreamsSerdes(KafkaClientConfig client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** The value serde of a catalog topic, for its generated Avro class. */
    public <V extends SpecificRecord> Serde<V> value(Topic<V> topic) {
        ContractClasses.trust();
        AvroKafkaSerializer<V> serializer = new AvroKafkaSerializer<>();
        AvroKafkaDeserializer<V> deserializer = new AvroKafkaDeserializer<>();
        Serde<V> serde = Serdes.serdeFrom(serializer, deserializer);
        Map<String, Object> props = new HashMap<>(client.serdeProperties());
        serde.configure(props, false);
        return serde;
    }

    /**
     * Base Streams settings: {@code exactly_once_v2}, String default serdes, the catalog's producer bounds, and
     * consumers that start from the beginning. The caller adds its state directory, replication factor and
     * exception handlers. (Keys are spelled out because this module does not depend on kafka-streams.)
     */
    public Map<String, Object> streamsProperties(String applicationId) {
        Objects.requireNonNull(applicationId, "applicationId");
        ContractClasses.trust();
        Map<String, Object> props = new HashMap<>();
        props.put("application.id", applicationId);
        props.put("bootstrap.servers", client.bootstrapServers());
        props.put("processing.guarantee", "exactly_once_v2");
        props.put("default.key.serde", Serdes.StringSerde.class.getName());
        props.put("default.value.serde", Serdes.StringSerde.class.getName());
        props.put("producer." + ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) KafkaClientConfig.DELIVERY_TIMEOUT.toMillis());
        props.put("producer." + ProducerConfig.MAX_BLOCK_MS_CONFIG, KafkaClientConfig.MAX_BLOCK.toMillis());
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms; Streams' own linger default is 100 ms.
        props.put("producer." + ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put("producer." + ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put("consumer." + ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }
}
