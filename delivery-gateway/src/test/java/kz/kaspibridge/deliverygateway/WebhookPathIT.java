package kz.kaspibridge.deliverygateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.schemas.common.DeliveryStatus;
import kz.kaspibridge.schemas.delivery.DeliveryBooked;
import kz.kaspibridge.schemas.delivery.DeliveryEvent;
import kz.kaspibridge.schemas.delivery.DeliveryStatusChanged;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.RecordWriter;
import kz.kaspibridge.testsupport.RunningService;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import kz.kaspibridge.webhookingress.WebhookIngressApplication;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole path of a delivery's statuses: the gateway books with the sandbox, the sandbox moves the delivery
 * along on its clock and sends a signed webhook for each step, the real webhook-ingress verifies them and writes
 * reports, and the gateway turns them into {@code DeliveryStatusChanged} up to {@code delivered}, each once.
 */
class WebhookPathIT {

    private static final String MERCHANT = "it-webhook-path";
    private static final String PATH = "/webhooks/kaspi/delivery";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final KafkaClientConfig CLIENT = new KafkaClientConfig(TestStack.bootstrapServers(),
            TestStack.registryUrl(), true);
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000);

    private static RunningService ingress;
    private static KaspiSandbox sandbox;
    private static GatewayInstance gateway;

    @BeforeAll
    static void start() {
        TestTopics.create(TestStack.bootstrapServers(), List.of(Topics.DELIVERY_COMMANDS.toNewTopic((short) 1)));
        Map<String, String> ingressSettings = new LinkedHashMap<>();
        ingressSettings.put("webhook-ingress.merchants[0].merchant-id", MERCHANT);
        ingressSettings.put("webhook-ingress.merchants[0].path", PATH);
        ingressSettings.put("webhook-ingress.merchants[0].secrets", KaspiSandbox.DEFAULT_WEBHOOK_SECRET);
        ingress = RunningService.start(WebhookIngressApplication.class, ingressSettings);
        sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults()
                .withWebhook(URI.create("http://127.0.0.1:" + ingress.port() + PATH), KaspiSandbox.DEFAULT_WEBHOOK_SECRET)
                .withDeliveryStep(Duration.ofSeconds(2)));
        gateway = GatewayInstance.start("delivery-gateway-webhook-path", MERCHANT, sandbox.deliveryApiUrl(),
                sandbox.options().deliveryApiKey(), Map.of());
        await().atMost(WAIT).until(() -> gateway.streamsState() == KafkaStreams.State.RUNNING);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {gateway, sandbox, ingress}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing the rest matters more
                }
            }
        }
    }

    @Test
    void theSandboxesSignedWebhooksBecomeStatusChangesUpToDeliveredEachOnce() {
        String code = "91" + RUN;
        try (RecordWriter<Object> writer = new RecordWriter<>(CLIENT.producerProperties());
             RecordReader<DeliveryEvent> events = RecordReader.fromBeginning(Topics.DELIVERY_EVENTS.name(),
                     CLIENT.assignedReaderProperties("gw-webhook-path"))) {
            writer.send(Topics.DELIVERY_COMMANDS.name(), code, DeliveryRecords.book(MERCHANT, code, "book-" + code));
            String id = ((DeliveryBooked) events.await(r -> code.equals(r.key())
                    && r.value().getPayload() instanceof DeliveryBooked, WAIT).value().getPayload()).getDeliveryId();

            events.await(r -> code.equals(r.key()) && r.value().getPayload() instanceof DeliveryStatusChanged s
                    && s.getStatus() == DeliveryStatus.DELIVERED, WAIT);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))
                    .until(() -> statuses(events, code).size() == 5);
            assertThat(statuses(events, code)).containsExactly(DeliveryStatus.CREATED, DeliveryStatus.ACCEPTED,
                    DeliveryStatus.IN_TRANSIT, DeliveryStatus.OUT_FOR_DELIVERY, DeliveryStatus.DELIVERED);
            // Every step came by webhook, each accepted by the ingress at the first attempt.
            assertThat(sandbox.admin().webhookAttempts().stream().filter(a -> id.equals(a.deliveryId())))
                    .hasSize(5).allMatch(a -> a.delivered() && a.attempt() == 1);
            // The webhook of "created" arrived after the booking had said so: a duplicate, not a second event.
            assertThat(gateway.count("kaspi.delivery.reports", "outcome", "duplicate")).isGreaterThanOrEqualTo(1);
        }
    }

    private static List<DeliveryStatus> statuses(RecordReader<DeliveryEvent> events, String code) {
        return events.records().stream().filter(r -> code.equals(r.key())).map(ConsumerRecord::value)
                .filter(e -> e.getPayload() instanceof DeliveryStatusChanged)
                .map(e -> ((DeliveryStatusChanged) e.getPayload()).getStatus()).toList();
    }
}
