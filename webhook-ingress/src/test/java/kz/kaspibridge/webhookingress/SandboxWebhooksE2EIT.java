package kz.kaspibridge.webhookingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.schemas.common.DeliveryStatus;
import kz.kaspibridge.schemas.delivery.DeliveryStatusReported;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The kaspi-sandbox books a delivery and walks it to "delivered"; each signed webhook it sends is stored. */
class SandboxWebhooksE2EIT {

    private static final String SANDBOX_PATH = "/webhooks/kaspi/delivery/sandbox";

    @Test
    void theSandboxsSignedDeliveryWebhooksAreAcceptedAndStored() {
        String orderCode = "sbx-" + System.nanoTime();
        try (IngressApp ingress = IngressApp.start(Map.of(
                "webhook-ingress.merchants[2].merchant-id", "m1",
                "webhook-ingress.merchants[2].path", SANDBOX_PATH,
                "webhook-ingress.merchants[2].secrets", KaspiSandbox.DEFAULT_WEBHOOK_SECRET));
                KaspiSandbox sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults()
                        .withWebhook(URI.create(ingress.baseUrl() + SANDBOX_PATH), KaspiSandbox.DEFAULT_WEBHOOK_SECRET)
                        .withDeliveryStep(Duration.ofMillis(300)));
                RecordReader<DeliveryStatusReported> reports = RecordReader.fromBeginning(
                        Topics.DELIVERY_STATUS_REPORTS.name(), IngressApp.client().consumerProperties("it-sandbox"))) {

            WebTestClient.bindToServer().baseUrl(sandbox.deliveryApiUrl()).build()
                    .post().uri("/v1/deliveries")
                    .header("x-api-key", sandbox.options().deliveryApiKey())
                    .header("Idempotency-Key", orderCode)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(deliveryRequest(orderCode))
                    .exchange().expectStatus().is2xxSuccessful();

            reports.await(r -> r.key().equals(orderCode) && r.value().getStatus() == DeliveryStatus.DELIVERED,
                    Duration.ofSeconds(60));
            List<DeliveryStatus> statuses = reports.records().stream().filter(r -> r.key().equals(orderCode))
                    .map(r -> r.value().getStatus()).toList();
            assertThat(statuses).contains(DeliveryStatus.CREATED, DeliveryStatus.DELIVERED).doesNotHaveDuplicates();
            assertThat(reports.records()).filteredOn(r -> r.key().equals(orderCode))
                    .allSatisfy(r -> assertThat(r.value().getMetadata().getMerchantId()).isEqualTo("m1"));
            // Every attempt the sandbox made got a 2xx: none is left for retry.
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(sandbox.admin().webhookAttempts()).isNotEmpty().allMatch(a -> a.delivered()));
        }
    }

    private static String deliveryRequest(String orderCode) {
        return """
                {"externalOrderId":"%s",
                 "pickup":{"address":"21 Zhibek Zholy, Almaty","contact":{"name":"Test Warehouse","phone":"+7 700 000 0000"}},
                 "dropoff":{"address":"1 Test St, Almaty","contact":{"name":"Test Buyer","phone":"+7 700 000 0001"}},
                 "parcel":{"description":"Test parcel","weightGrams":1200,"valueKzt":85000}}""".formatted(orderCode);
    }
}
