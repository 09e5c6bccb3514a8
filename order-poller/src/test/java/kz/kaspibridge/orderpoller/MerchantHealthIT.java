package kz.kaspibridge.orderpoller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.orders.BulkSeed;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A merchant whose token Kaspi revoked is reported, and holds no one else up. */
class MerchantHealthIT {

    private static final String GOOD = "health-good";
    private static final String REVOKED = "health-revoked";
    private static KaspiSandbox sandbox;
    private static OrderTopic orders;

    @BeforeAll
    static void start() {
        // The sandbox knows the revoked merchant, but under another token than the poller has.
        sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults().withMerchants(List.of(
                new KaspiSandbox.Merchant(GOOD, "sandbox-token-health-good"),
                new KaspiSandbox.Merchant(REVOKED, "sandbox-token-health-rotated"))));
        orders = new OrderTopic();
    }

    @AfterAll
    static void stop() {
        orders.close();
        sandbox.close();
    }

    @Test
    void theGoodMerchantIsUnaffectedAndHealthShowsTheRevokedOne() {
        Instant now = sandbox.admin().now();
        sandbox.admin().seedOrders(new BulkSeed(GOOD, 40, now.minus(Duration.ofDays(2)), now.minusSeconds(5), null));
        sandbox.admin().seedOrders(new BulkSeed(REVOKED, 10, now.minus(Duration.ofDays(2)), now.minusSeconds(5), null));
        Map<String, String> settings = new HashMap<>(PollerInstance.merchant(0, GOOD, sandbox.tokenOf(GOOD), "3d"));
        settings.putAll(PollerInstance.merchant(1, REVOKED, "revoked-token-for-tests", "3d"));

        try (PollerInstance poller = PollerInstance.start("it-health", sandbox.shopApiUrl(), settings)) {
            orders.awaitReceived(GOOD, 40, Duration.ofSeconds(30));
            sandbox.admin().seedOrder(OrderSeed.forMerchant(GOOD));
            orders.awaitReceived(GOOD, 41, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(30)).until(() -> poller.errors(REVOKED, "unauthorized") >= 2);

            assertThat(orders.received(REVOKED)).isEmpty();
            assertThat(poller.gauge("kaspi.poller.last.success", GOOD)).isPositive();
            WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + poller.port()).build()
                    .get().uri("/actuator/health").exchange()
                    .expectBody()
                    .jsonPath("$.status").isEqualTo("DEGRADED")
                    .jsonPath("$.components.merchants.details['" + REVOKED + "'].condition").isEqualTo("UNAUTHORIZED")
                    .jsonPath("$.components.merchants.details['" + GOOD + "'].condition").isEqualTo("HEALTHY");
        }
    }
}
