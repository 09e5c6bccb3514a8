package kz.kaspibridge.ordercommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import kz.kaspibridge.ordercommand.streams.OrderCommandTopology;
import kz.kaspibridge.schemas.orders.OrderEntry;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.orders.OrderReceived;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.common.OrderState;
import kz.kaspibridge.schemas.common.OrderStatus;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.RecordWriter;
import kz.kaspibridge.testsupport.ServiceChecks;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service starts against the real broker and registry, declares its topics, runs its exactly-once Streams
 * topology (health follows it), records one accept intent for a new AUTO order even when the order is delivered
 * twice, and sends an undecodable record to the dead-letter topic without stopping.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class OrderCommandServiceApplicationIT {

    private static final String MERCHANT = "it-auto";

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) throws Exception {
        TestStack.register(registry);
        // kaspi.orders is the poller's to declare; here the test stands in for it.
        TestTopics.create(TestStack.bootstrapServers(), List.of(Topics.ORDERS.toNewTopic((short) 1)));
        Path stateDir = Files.createTempDirectory("order-command-streams");
        registry.add("order-command-service.streams.state-dir", stateDir::toString);
        registry.add("order-command-service.streams.application-id", () -> "order-command-service-it");
        registry.add("order-command-service.merchants[0].id", () -> MERCHANT);
        registry.add("order-command-service.merchants[0].token", () -> "fake-token-for-tests");
        registry.add("order-command-service.merchants[0].policy", () -> "AUTO");
        // This test stops at the recorded intent: the executor must not reach any real Kaspi, so it gets a
        // refused local port and keeps retrying until the context closes.
        registry.add("order-command-service.kaspi.base-url", () -> "http://127.0.0.1:9/shop/api/v2");
    }

    @Test
    void startsHealthyDecidesOnceAndDeadLettersPoison() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> health = ServiceChecks.health(port);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"kafka\"").contains("RUNNING");
        });
        assertThat(ServiceChecks.topicNames()).contains("kaspi.order-results", "kaspi.delivery-commands",
                "kaspi.order-commands", "kaspi.order-commands-dlt", OrderCommandTopology.EFFECTS_TOPIC,
                OrderCommandTopology.RESERVATIONS_TOPIC, "order-command-service-it-orders-changelog",
                "order-command-service-it-reserved-stock-changelog",
                "order-command-service-it-stock-requests-repartition");

        KafkaClientConfig client = new KafkaClientConfig(TestStack.bootstrapServers(), TestStack.registryUrl(), true);
        try (RecordWriter<Object> writer = new RecordWriter<>(client.producerProperties());
             RecordReader<String> effects = RecordReader.fromBeginning(OrderCommandTopology.EFFECTS_TOPIC,
                     client.plainTextReaderProperties("it-effects"));
             RecordReader<byte[]> deadLetters = RecordReader.fromBeginning(Topics.ORDERS.deadLetter().name(),
                     rawReader(client))) {
            try (RecordWriter<byte[]> raw = new RecordWriter<>(client.rawProducerProperties())) {
                raw.send(Topics.ORDERS.name(), "POISON", "not avro".getBytes(StandardCharsets.UTF_8));
            }
            writer.send(Topics.ORDERS.name(), "IT-1", received("IT-1"));
            writer.send(Topics.ORDERS.name(), "IT-1", received("IT-1"));

            assertThat(deadLetters.await(r -> "POISON".equals(r.key()), Duration.ofSeconds(60)).value())
                    .isEqualTo("not avro".getBytes(StandardCharsets.UTF_8));
            assertThat(effects.await(r -> "IT-1".equals(r.key()), Duration.ofSeconds(60)).value())
                    .contains("\"type\":\"ACCEPT\"").contains("\"merchant\":\"" + MERCHANT + "\"");
            // A third order after the duplicate proves the duplicate was processed (and produced nothing).
            writer.send(Topics.ORDERS.name(), "IT-2", received("IT-2"));
            effects.await(r -> "IT-2".equals(r.key()), Duration.ofSeconds(60));
            assertThat(effects.records()).filteredOn(r -> "IT-1".equals(r.key())).hasSize(1);
        }
    }

    private static Map<String, Object> rawReader(KafkaClientConfig client) {
        Map<String, Object> props = client.plainTextReaderProperties("it-dlt");
        props.put("value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
        return props;
    }

    private static OrderEvent received(String code) {
        Instant now = Instant.now();
        EventMetadata meta = EventMetadata.newBuilder().setEventId("received/" + MERCHANT + "/" + code)
                .setOccurredAt(now).setMerchantId(MERCHANT).setCorrelationId("received/" + code).build();
        OrderReceived payload = OrderReceived.newBuilder().setOrderId("id-" + code)
                .setStatus(OrderStatus.APPROVED_BY_BANK).setState(OrderState.NEW).setCreationDate(now)
                .setTotalPrice(1000).setDeliveryMode("DELIVERY_PICKUP")
                .setEntries(List.of(OrderEntry.newBuilder().setSku("SKU1").setQuantity(1).setBasePrice(1000)
                        .setTotalPrice(1000).build())).build();
        return OrderEvent.newBuilder().setMetadata(meta).setOrderCode(code).setPayload(payload).build();
    }
}
