package kz.kaspibridge.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import kz.kaspibridge.schemas.SampleContracts.Sample;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.orders.OrderReceived;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topic;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.RecordWriter;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every event and command type, through the real Apicurio serializer, a real KRaft broker and a
 * real registry, and back; then read the way another team's Confluent tooling would.
 */
class ContractRoundTripIT {

    private static KafkaClientConfig kafka;

    @BeforeAll
    static void createTopics() {
        kafka = new KafkaClientConfig(TestStack.bootstrapServers(), TestStack.registryUrl(), true);
        TestTopics.create(kafka.bootstrapServers(), Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    }

    @Test
    void everyEventAndCommandTypeSurvivesTheRealSerdesAndBroker() {
        List<Sample> samples = SampleContracts.all();
        try (RecordWriter<Object> writer = new RecordWriter<>(kafka.producerProperties())) {
            samples.forEach(s -> writer.send(s.topic().name(), s.key(), s.value()));
        }

        Map<Topic<?>, List<Sample>> byTopic = samples.stream().collect(Collectors.groupingBy(Sample::topic));
        for (Map.Entry<Topic<?>, List<Sample>> topic : byTopic.entrySet()) {
            try (RecordReader<Object> reader = RecordReader.fromBeginning(topic.getKey().name(),
                    kafka.consumerProperties("round-trip"))) {
                for (Sample sample : topic.getValue()) {
                    ConsumerRecord<String, Object> read = reader.await(r -> sample.value().equals(r.value()));
                    assertThat(read.key()).isEqualTo(sample.key());
                    assertThat(read.value()).isInstanceOf(sample.value().getClass());
                }
            }
        }
    }

    @Test
    void samplesCoverEveryTypeThatTheEnvelopesCanCarry() {
        Set<String> declared = new TreeSet<>();
        for (Topic<?> topic : Topics.all()) {
            Schema schema = schemaOf(topic);
            Schema.Field payload = schema.getField("payload");
            if (payload == null) {
                declared.add(schema.getName());
            } else {
                payload.schema().getTypes().forEach(t -> declared.add(t.getName()));
            }
        }
        Set<String> sampled = SampleContracts.all().stream().map(Sample::type).collect(Collectors.toCollection(TreeSet::new));
        assertThat(sampled).isEqualTo(declared);
    }

    @Test
    void anotherTeamDecodesOurRecordsWithTheConfluentWireFormatAndPlainAvro() throws Exception {
        OrderReceived order = SampleContracts.orderReceived();
        OrderEvent event = OrderEvent.newBuilder().setMetadata(SampleContracts.metadata()).setOrderCode("CONFLUENT-1")
                .setPayload(order).build();
        try (RecordWriter<Object> writer = new RecordWriter<>(kafka.producerProperties())) {
            writer.send(Topics.ORDERS.name(), "CONFLUENT-1", event);
        }

        Map<String, Object> raw = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        byte[] bytes;
        try (RecordReader<byte[]> reader = RecordReader.fromBeginning(Topics.ORDERS.name(), raw)) {
            bytes = reader.await(r -> "CONFLUENT-1".equals(new String(r.key() == null ? new byte[0] : asBytes(r.key()),
                    StandardCharsets.UTF_8))).value();
        }

        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        assertThat(buffer.get()).as("magic byte").isEqualTo((byte) 0);
        int schemaId = buffer.getInt();

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(kafka.confluentApiUrl() + "/schemas/ids/" + schemaId)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.path("references").isMissingNode() || body.path("references").isEmpty())
                .as("the registered schema is self-contained: %s", body).isTrue();

        Schema writerSchema = new Schema.Parser().parse(body.get("schema").asText());
        GenericRecord decoded = new GenericDatumReader<GenericRecord>(writerSchema).read(null,
                DecoderFactory.get().binaryDecoder(bytes, buffer.position(), bytes.length - buffer.position(), null));

        assertThat(decoded.get("orderCode").toString()).isEqualTo("CONFLUENT-1");
        GenericRecord payload = (GenericRecord) decoded.get("payload");
        assertThat(payload.getSchema().getName()).isEqualTo("OrderReceived");
        assertThat(payload.get("totalPrice")).isEqualTo(order.getTotalPrice());
        assertThat(payload.get("creationDate")).isEqualTo(order.getCreationDate().toEpochMilli());
        assertThat(((List<?>) payload.get("entries"))).hasSize(1);
    }

    @Test
    void anUndecodableRecordSurfacesAsADeserializationErrorAndTheNextRecordIsStillRead() {
        String topic = "contracts.poison-test";
        TestTopics.create(kafka.bootstrapServers(), List.of(new NewTopic(topic, 1, (short) 1)));
        try (RecordWriter<Object> raw = new RecordWriter<>(kafka.rawProducerProperties())) {
            raw.send(topic, "poison-1", "not avro at all".getBytes(StandardCharsets.UTF_8));
            raw.send(topic, "poison-2", new byte[] {0, 0, 0, 0x7f, 0x7f, 1, 2, 3});
        }
        OrderEvent good = OrderEvent.newBuilder().setMetadata(SampleContracts.metadata()).setOrderCode("GOOD-1")
                .setPayload(SampleContracts.orderReceived()).build();
        try (RecordWriter<Object> writer = new RecordWriter<>(kafka.producerProperties())) {
            writer.send(topic, "GOOD-1", good);
        }

        try (RecordReader<Object> reader = RecordReader.fromBeginning(topic, kafka.consumerProperties("poison"))) {
            List<ConsumerRecord<String, Object>> records = reader.awaitCount(3, Duration.ofSeconds(30));
            assertThat(records).extracting(ConsumerRecord::key).containsExactly("poison-1", "poison-2", "GOOD-1");
            for (ConsumerRecord<String, Object> poison : records.subList(0, 2)) {
                assertThat(poison.value()).isNull();
                DeserializationException error = SerializationUtils.getExceptionFromHeader(poison,
                        SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, new LogAccessor(ContractRoundTripIT.class));
                assertThat(error).isNotNull();
                assertThat(error.getData()).isNotEmpty();
            }
            assertThat(records.get(2).value()).isEqualTo(good);
        }
    }

    private static byte[] asBytes(Object key) {
        return key instanceof byte[] b ? b : key.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Schema schemaOf(Topic<?> topic) {
        try {
            return (Schema) topic.valueType().getField("SCHEMA$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(topic.valueType() + " is not a generated Avro class", e);
        }
    }
}
