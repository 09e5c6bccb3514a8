package kz.kaspibridge.webhookingress;

import static kz.kaspibridge.webhookingress.IngressApp.DEMO_PATH;
import static kz.kaspibridge.webhookingress.SignedWebhooks.NEW_SECRET;
import static kz.kaspibridge.webhookingress.SignedWebhooks.body;
import static kz.kaspibridge.webhookingress.SignedWebhooks.sign;
import static kz.kaspibridge.webhookingress.SignedWebhooks.uniqueEventId;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.delivery.DeliveryStatusReported;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.schemas.webhooks.WebhookReceived;
import kz.kaspibridge.schemas.webhooks.WebhookSignatures;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.RecordWriter;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import kz.kaspibridge.webhookingress.intake.DeliveryState;
import kz.kaspibridge.webhookingress.intake.DeliveryWebhook;
import kz.kaspibridge.webhookingress.intake.MerchantEndpoint;
import kz.kaspibridge.webhookingress.publishing.KafkaWebhookRecords;
import org.junit.jupiter.api.Test;

/** The dedup store outlives the process and is shared by instances; the rate limit per source. */
class DedupAcrossRestartIT {

    @Test
    void aDuplicateAfterARestartGets200AndProducesNothing() {
        String eventId = uniqueEventId();
        String body = body(eventId, "R1", "delivered");
        try (IngressApp first = IngressApp.start(Map.of())) {
            assertThat(new WebhookClient(first.baseUrl())
                    .post(DEMO_PATH, sign(NEW_SECRET, eventId, Instant.now(), body), body).getStatus().value())
                    .isEqualTo(200);
        }

        try (IngressApp restarted = IngressApp.start(Map.of());
                IngressApp secondInstance = IngressApp.start(Map.of());
                RecordReader<DeliveryStatusReported> reports = RecordReader.fromBeginning(
                        Topics.DELIVERY_STATUS_REPORTS.name(), IngressApp.client().consumerProperties("it-restart"))) {
            var again = new WebhookClient(restarted.baseUrl())
                    .post(DEMO_PATH, sign(NEW_SECRET, eventId, Instant.now(), body), body);
            var elsewhere = new WebhookClient(secondInstance.baseUrl())
                    .post(DEMO_PATH, sign(NEW_SECRET, eventId, Instant.now(), body), body);

            assertThat(again.getStatus().value()).isEqualTo(200);
            assertThat(WebhookClient.text(again)).contains("duplicate");
            assertThat(elsewhere.getStatus().value()).isEqualTo(200);
            assertThat(WebhookClient.text(elsewhere)).contains("duplicate");
            reports.await(r -> r.value().getWebhookEventId().equals(eventId));
            assertThat(reports.records()).filteredOn(r -> r.value().getWebhookEventId().equals(eventId)).hasSize(1);
        }
    }

    /**
     * The dedup store is derived from the report and archive topics: a webhook of which only one
     * record was acknowledged (answered 503) must not be taken for stored when Kaspi retries it.
     */
    @Test
    void aWebhookOnlyHalfStoredBeforeIsStoredWholeOnItsRetry() {
        String archivedOnly = uniqueEventId();
        String reportedOnly = uniqueEventId();
        String archivedBody = body(archivedOnly, "H1", "delivered");
        String reportedBody = body(reportedOnly, "H2", "delivered");
        Instant at = Instant.now();
        MerchantEndpoint demo = new MerchantEndpoint("demo", DEMO_PATH, List.of(WebhookSignatures.decodeSecret(NEW_SECRET)));
        // This test may run before any ingress has declared the topics.
        TestTopics.create(TestStack.bootstrapServers(), List.of(Topics.WEBHOOKS_ARCHIVE.toNewTopic((short) 1),
                Topics.DELIVERY_STATUS_REPORTS.toNewTopic((short) 1)));
        try (RecordWriter<Object> writer = new RecordWriter<>(IngressApp.client().producerProperties())) {
            writer.send(Topics.WEBHOOKS_ARCHIVE.name(), "wh-" + archivedOnly, archived(archivedOnly, archivedBody, at));
            writer.send(Topics.DELIVERY_STATUS_REPORTS.name(), "H2", KafkaWebhookRecords.report(demo,
                    new DeliveryWebhook(reportedOnly, "delivery.delivered", 1, "D-H2", "H2", DeliveryState.DELIVERED, at),
                    at));
        }

        try (IngressApp app = IngressApp.start(Map.of());
                RecordReader<WebhookReceived> archive = RecordReader.fromBeginning(Topics.WEBHOOKS_ARCHIVE.name(),
                        IngressApp.client().consumerProperties("it-half-stored-archive"));
                RecordReader<DeliveryStatusReported> reports = RecordReader.fromBeginning(
                        Topics.DELIVERY_STATUS_REPORTS.name(), IngressApp.client().consumerProperties("it-half-stored"))) {
            WebhookClient client = new WebhookClient(app.baseUrl());
            var retryOfArchived = client.post(DEMO_PATH, sign(NEW_SECRET, archivedOnly, Instant.now(), archivedBody),
                    archivedBody);
            var retryOfReported = client.post(DEMO_PATH, sign(NEW_SECRET, reportedOnly, Instant.now(), reportedBody),
                    reportedBody);
            var thirdTime = client.post(DEMO_PATH, sign(NEW_SECRET, archivedOnly, Instant.now(), archivedBody),
                    archivedBody);

            assertThat(retryOfArchived.getStatus().value()).isEqualTo(200);
            assertThat(WebhookClient.text(retryOfArchived)).contains("persisted");
            assertThat(retryOfReported.getStatus().value()).isEqualTo(200);
            assertThat(WebhookClient.text(retryOfReported)).contains("persisted");
            assertThat(WebhookClient.text(thirdTime)).contains("duplicate");
            // Each retry wrote the record that was missing.
            archive.await(r -> reportedOnly.equals(r.value().getMetadata().getCorrelationId()));
            reports.await(r -> archivedOnly.equals(r.value().getWebhookEventId()));
        }
    }

    private static WebhookReceived archived(String eventId, String body, Instant at) {
        return WebhookReceived.newBuilder()
                .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(at)
                        .setMerchantId("demo").setCorrelationId(eventId).setCausationId(null).build())
                .setWebhookId("wh-" + eventId)
                .setPath(DEMO_PATH)
                .setReceivedAt(at)
                .setHeaders(Map.of())
                .setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    @Test
    void aSourceOverItsRateLimitGets429() {
        try (IngressApp app = IngressApp.start(Map.of("webhook-ingress.rate-limit.requests-per-second", "0.1",
                "webhook-ingress.rate-limit.burst", "3"))) {
            WebhookClient client = new WebhookClient(app.baseUrl());
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String eventId = uniqueEventId();
                String body = body(eventId, "L1", "created");
                var result = client.post(DEMO_PATH, sign(NEW_SECRET, eventId, Instant.now(), body), body);
                statuses.add(result.getStatus().value());
                if (result.getStatus().value() == 429) {
                    assertThat(result.getResponseHeaders().getFirst("Retry-After")).isEqualTo("2");
                    assertThat(WebhookClient.text(result)).contains("urn:kaspi-bridge:webhook-ingress:rate");
                }
            }
            assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
        }
    }
}
