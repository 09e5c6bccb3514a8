package kz.kaspibridge.webhookingress;

import static kz.kaspibridge.webhookingress.IngressApp.DEMO_PATH;
import static kz.kaspibridge.webhookingress.SignedWebhooks.NEW_SECRET;
import static kz.kaspibridge.webhookingress.SignedWebhooks.body;
import static kz.kaspibridge.webhookingress.SignedWebhooks.sign;
import static kz.kaspibridge.webhookingress.SignedWebhooks.uniqueEventId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kz.kaspibridge.schemas.delivery.DeliveryStatusReported;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;
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
