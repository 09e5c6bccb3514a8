package kz.kaspibridge.orderpoller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.faults.FaultRule;
import kz.kaspibridge.sandbox.faults.FaultType;
import kz.kaspibridge.sandbox.orders.BulkSeed;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.orders.OrderReceived;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * New orders, end to end: the sandbox over HTTP, the poller as a running service, the embedded
 * broker and the registry; the topic is read as any consumer reads it (read_committed, Avro).
 */
class NewOrdersIT {

    private static final List<KaspiSandbox.Merchant> MERCHANTS = List.of(
            new KaspiSandbox.Merchant("new-all", "sandbox-token-new-all"),
            new KaspiSandbox.Merchant("new-restart", "sandbox-token-new-restart"),
            new KaspiSandbox.Merchant("new-faults", "sandbox-token-new-faults"));
    private static KaspiSandbox sandbox;
    private static OrderTopic orders;

    @BeforeAll
    static void start() {
        sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults().withMerchants(MERCHANTS));
        orders = new OrderTopic();
    }

    @AfterAll
    static void stop() {
        orders.close();
        sandbox.close();
    }

    @AfterEach
    void noFaultsLeft() {
        sandbox.admin().clearFaults();
    }

    @Test
    void ordersSpreadOverFortyDaysAndSeveralPagesAreEachReceivedExactlyOnceWithTheirEntries() {
        Instant now = sandbox.admin().now();
        sandbox.admin().seedOrders(new BulkSeed("new-all", 250, now.minus(Duration.ofDays(40)),
                now.minusSeconds(60), null));

        try (PollerInstance poller = PollerInstance.start("it-new-all", sandbox.shopApiUrl(),
                settings("new-all", "41d", "20"))) {
            orders.awaitReceived("new-all", 250, Duration.ofSeconds(60));
            awaitMorePolls(poller, "new-all", 3);

            List<OrderEvent> received = orders.received("new-all");
            assertThat(received).hasSize(250);
            assertThat(OrderTopic.duplicates(received)).isEmpty();
            assertThat(received).allSatisfy(event -> {
                OrderReceived order = (OrderReceived) event.getPayload();
                assertThat(order.getEntries()).isNotEmpty();
                assertThat(order.getEntries().get(0).getSku()).isNotBlank();
                assertThat(order.getTotalPrice()).isPositive();
            });
            assertThat(received.get(0).getMetadata().getMerchantId()).isEqualTo("new-all");
            assertThat(poller.gauge("kaspi.poller.open.orders", "new-all")).isEqualTo(250);
        }
    }

    @Test
    void stoppingThePollerMidRunAndStartingItAgainNeitherDuplicatesNorMissesAnOrder() {
        Instant now = sandbox.admin().now();
        sandbox.admin().seedOrders(new BulkSeed("new-restart", 150, now.minus(Duration.ofDays(20)),
                now.minusSeconds(60), null));
        Map<String, String> settings = settings("new-restart", "21d", "20");
        // Small transactions, so that a stop can fall between two of them.
        settings.put("order-poller.batch-size", "7");

        try (PollerInstance first = PollerInstance.start("it-new-restart", sandbox.shopApiUrl(), settings)) {
            orders.awaitReceived("new-restart", 1, Duration.ofSeconds(60));
            for (int i = 0; i < 30; i++) {
                sandbox.admin().seedOrder(OrderSeed.forMerchant("new-restart"));
            }
        }
        for (int i = 0; i < 30; i++) {
            sandbox.admin().seedOrder(OrderSeed.forMerchant("new-restart"));
        }
        try (PollerInstance second = PollerInstance.start("it-new-restart", sandbox.shopApiUrl(), settings)) {
            orders.awaitReceived("new-restart", 210, Duration.ofSeconds(60));
            awaitMorePolls(second, "new-restart", 3);

            List<OrderEvent> received = orders.received("new-restart");
            assertThat(OrderTopic.duplicates(received)).isEmpty();
            assertThat(received).hasSize(210);
        }
    }

    @Test
    void withOneCallInFiveFailingEveryOrderIsStillReceivedExactlyOnce() {
        Instant now = sandbox.admin().now();
        sandbox.admin().seedOrders(new BulkSeed("new-faults", 200, now.minus(Duration.ofDays(10)),
                now.minusSeconds(60), null));
        // About 20% of all calls: 429, 500, a hold longer than the client's timeout, broken JSON.
        sandbox.admin().injectFault(FaultRule.rateLimit("*", Duration.ofSeconds(1)).withProbability(0.055));
        sandbox.admin().injectFault(FaultRule.serverError("*", 500).withProbability(0.055));
        sandbox.admin().injectFault(new FaultRule("*", FaultType.TIMEOUT, 0.055, 0, Duration.ofSeconds(3), null, 0));
        sandbox.admin().injectFault(FaultRule.malformedJson("*").withProbability(0.055));

        Map<String, String> settings = settings("new-faults", "11d", "25");
        settings.put("order-poller.kaspi.timeout", "1s");
        try (PollerInstance poller = PollerInstance.start("it-new-faults", sandbox.shopApiUrl(), settings)) {
            orders.awaitReceived("new-faults", 200, Duration.ofSeconds(120));
            awaitMorePolls(poller, "new-faults", 2);

            List<OrderEvent> received = orders.received("new-faults");
            assertThat(OrderTopic.duplicates(received)).isEmpty();
            assertThat(received).hasSize(200);
        }
    }

    /** Each test runs its own poller with its one merchant, so the merchant is always {@code merchants[0]}. */
    private static Map<String, String> settings(String merchant, String lookback, String pageSize) {
        Map<String, String> settings = new HashMap<>(PollerInstance.merchant(0, merchant,
                sandbox.tokenOf(merchant), lookback));
        settings.put("order-poller.kaspi.page-size", pageSize);
        settings.put("order-poller.kaspi.requests-per-second", "0");
        return settings;
    }

    /** Lets the poller run a few more complete polls, so "exactly" is not just "not yet". */
    private static void awaitMorePolls(PollerInstance poller, String merchant, int more) {
        long before = poller.polls(merchant);
        await().atMost(Duration.ofSeconds(60)).until(() -> poller.polls(merchant) >= before + more);
    }
}
