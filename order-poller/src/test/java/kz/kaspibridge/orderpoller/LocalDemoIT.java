package kz.kaspibridge.orderpoller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kz.kaspibridge.orderpoller.config.OrderPollerProperties;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.schemas.orders.OrderEvent;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./run-local} demo end to end: the sandbox seeded the way the launcher seeds it (one bulk
 * request over HTTP, the span of {@code deploy/local/demo.env}), then the poller started with its
 * {@code local} profile's merchants and first-start lookback. Every seeded order reaches kaspi.orders,
 * once (the demo used to lose its oldest order: a 3-day seed against a 3-day lookback).
 */
class LocalDemoIT {

    @Test
    void thePollerWithTheLocalProfileReceivesEveryOrderTheLauncherSeeds() throws Exception {
        LocalDemo demo = LocalDemo.seed();
        List<OrderPollerProperties.Merchant> local = LocalDemo.pollerLocalProfile(Map.of()).merchants();
        List<KaspiSandbox.Merchant> merchants = demo.merchants().stream()
                .map(id -> new KaspiSandbox.Merchant(id, "sandbox-token-local-demo-" + id)).toList();

        try (KaspiSandbox sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults().withMerchants(merchants));
             OrderTopic orders = new OrderTopic()) {
            seedAsTheLauncherDoes(sandbox, demo);

            Map<String, String> settings = new HashMap<>();
            for (int i = 0; i < local.size(); i++) {
                OrderPollerProperties.Merchant merchant = local.get(i);
                settings.putAll(PollerInstance.merchant(i, merchant.id(), sandbox.tokenOf(merchant.id()),
                        merchant.firstStartLookback().toString()));
            }
            settings.put("order-poller.kaspi.requests-per-second", "0");
            try (PollerInstance poller = PollerInstance.start("it-local-demo", sandbox.shopApiUrl(), settings)) {
                for (String merchant : demo.merchants()) {
                    orders.awaitReceived(merchant, demo.ordersPerMerchant(), Duration.ofSeconds(90));
                }
                for (String merchant : demo.merchants()) {
                    long polls = poller.polls(merchant);
                    await().atMost(Duration.ofSeconds(60)).until(() -> poller.polls(merchant) >= polls + 2);
                }

                long total = 0;
                for (String merchant : demo.merchants()) {
                    List<OrderEvent> received = orders.received(merchant);
                    assertThat(OrderTopic.duplicates(received)).as("duplicates of %s", merchant).isEmpty();
                    assertThat(received).as("orders of %s", merchant).hasSize(demo.ordersPerMerchant());
                    total += received.size();
                }
                assertThat(total).isEqualTo(demo.totalOrders());
            }
        }
    }

    /** What run-local's seed_demo sends: every order over [now - span, now], in wall-clock seconds. */
    private static void seedAsTheLauncherDoes(KaspiSandbox sandbox, LocalDemo demo) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String body = String.format("{\"count\":%d,\"from\":\"%s\",\"to\":\"%s\"}",
                demo.totalOrders(), now.minus(demo.seedSpan()), now);
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/sandbox/admin/orders/bulk"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"created\":" + demo.totalOrders());
    }
}
