package kz.kaspibridge.schemas.tools;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kz.kaspibridge.schemas.commands.AcceptOrder;
import kz.kaspibridge.schemas.commands.OrderCommand;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Checks a running stack end to end: writes one {@code AcceptOrder} command for a made-up order
 * through the real serializer, reads it back through the real deserializer, and prints the schema
 * id that another team's tooling would look up. Reads KAFKA_BOOTSTRAP_SERVERS and
 * SCHEMA_REGISTRY_URL, defaulting to the ports of {@code ./run-local}.
 */
public final class ContractSmoke {

    private ContractSmoke() {
    }

    public static void main(String[] args) throws Exception {
        KafkaClientConfig kafka = new KafkaClientConfig(
                env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092"), env("SCHEMA_REGISTRY_URL", "http://127.0.0.1:18081"), true);
        String topic = Topics.ORDER_COMMANDS.name();
        String orderCode = "SMOKE-" + Instant.now(Clock.systemUTC()).getEpochSecond();
        OrderCommand command = OrderCommand.newBuilder()
                .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(Instant.now(Clock.systemUTC())).setMerchantId("demo-merchant-1")
                        .setCorrelationId(UUID.randomUUID().toString()).build())
                .setCommandId(UUID.randomUUID().toString()).setOrderCode(orderCode).setPayload(new AcceptOrder()).build();

        RecordMetadata written;
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(kafka.producerProperties())) {
            written = producer.send(new ProducerRecord<>(topic, orderCode, command)).get();
        }
        System.out.printf("wrote %s to %s-%d@%d%n", orderCode, topic, written.partition(), written.offset());

        TopicPartition partition = new TopicPartition(topic, written.partition());
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(kafka.consumerProperties("contract-smoke"))) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, written.offset());
            ConsumerRecord<String, Object> read = consumer.poll(Duration.ofSeconds(10)).iterator().next();
            System.out.printf("read back %s: %s%n", read.key(),
                    command.equals(read.value()) ? "identical" : "DIFFERENT: " + read.value());
        }
        Map<String, Object> raw = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(raw)) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, written.offset());
            ByteBuffer value = ByteBuffer.wrap(consumer.poll(Duration.ofSeconds(10)).iterator().next().value());
            byte magic = value.get();
            int id = value.getInt();
            System.out.printf("wire format: magic byte %d, schema id %d -> %s/schemas/ids/%d%n",
                    magic, id, kafka.confluentApiUrl(), id);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
