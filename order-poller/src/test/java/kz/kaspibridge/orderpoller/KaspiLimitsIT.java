package kz.kaspibridge.orderpoller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.DistributionSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.orders.BulkSeed;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.schemas.common.OrderStatus;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.orders.OrderStatusChanged;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The poller under Kaspi's real limits: the sandbox answers 429 to a second request in flight on a
 * token (its default), four merchants, one with 2,000 open orders spread over 60 days. New orders
 * and a buyer's cancellation still come through promptly, no request is ever refused, and status
 * sync refreshes the 2,000 with tens of calls. The latencies are asserted with generous bounds
 * (the machine is shared); the measured figures are in OrderPollerBenchmark and docs/benchmarks.md.
 */
class KaspiLimitsIT {

    private static final String BIG = "limits-big";
    private static final List<String> SMALL = List.of("limits-m2", "limits-m3", "limits-m4");
    private static final int BIG_OPEN = 2_000;
    private static final int SMALL_OPEN = 150;
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
    private static final Duration SYNC_INTERVAL = Duration.ofSeconds(10);
    private static KaspiSandbox sandbox;
    private static OrderTopic orders;
    private static PollerInstance poller;

    @BeforeAll
    static void start() {
        List<KaspiSandbox.Merchant> merchants = new java.util.ArrayList<>(
                List.of(new KaspiSandbox.Merchant(BIG, "sandbox-token-" + BIG)));
        SMALL.forEach(m -> merchants.add(new KaspiSandbox.Merchant(m, "sandbox-token-" + m)));
        sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults().withMerchants(merchants));
        orders = new OrderTopic();
        Instant now = sandbox.admin().now();
        sandbox.admin().seedOrders(new BulkSeed(BIG, BIG_OPEN, now.minus(Duration.ofDays(60)), now.minusSeconds(60),
                null));
        SMALL.forEach(m -> sandbox.admin().seedOrders(new BulkSeed(m, SMALL_OPEN, now.minus(Duration.ofDays(30)),
                now.minusSeconds(60), null)));

        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < merchants.size(); i++) {
            String id = merchants.get(i).id();
            Map<String, String> merchant = PollerInstance.merchant(i, id, sandbox.tokenOf(id), "61d");
            merchant.put("order-poller.merchants[" + i + "].poll-interval", POLL_INTERVAL.toMillis() + "ms");
            merchant.put("order-poller.merchants[" + i + "].status-sync-interval", SYNC_INTERVAL.toMillis() + "ms");
            settings.putAll(merchant);
        }
        // Kaspi's own pace (the client's default limit and share); a generous timeout, so that a slow
        // answer on a loaded machine is never abandoned and retried while still in flight.
        settings.put("order-poller.kaspi.timeout", "30s");
        poller = PollerInstance.start("it-limits", sandbox.shopApiUrl(), settings);
        orders.awaitReceived(BIG, BIG_OPEN, Duration.ofSeconds(180));
        SMALL.forEach(m -> orders.awaitReceived(m, SMALL_OPEN, Duration.ofSeconds(120)));
    }

    @AfterAll
    static void stop() {
        poller.close();
        orders.close();
        sandbox.close();
    }

    @Test
    void aNewOrderAndABuyerCancellationComeThroughWhileTwoThousandOldOrdersAreKeptInSync() {
        awaitSyncCycles(BIG, 1);

        Instant seeded = Instant.now();
        String fresh = sandbox.admin().seedOrder(OrderSeed.forMerchant(BIG)).code();
        await().atMost(Duration.ofSeconds(30)).until(() -> orders.received(BIG).stream()
                .anyMatch(e -> e.getOrderCode().equals(fresh)));
        Duration visible = Duration.between(seeded, Instant.now());

        String old = orders.received(BIG).get(0).getOrderCode(); // the oldest: created 60 days ago
        Instant cancelled = Instant.now();
        sandbox.admin().buyerCancels(old, false);
        await().atMost(Duration.ofSeconds(60)).until(() -> changesOf(old).stream()
                .anyMatch(c -> c.getStatus() == OrderStatus.CANCELLED));
        Duration synced = Duration.between(cancelled, Instant.now());
        System.out.printf("IT new order visible after %d ms (target %d ms), cancellation after %d ms (target %d ms)%n",
                visible.toMillis(), POLL_INTERVAL.plusSeconds(1).toMillis(), synced.toMillis(),
                SYNC_INTERVAL.plusSeconds(1).toMillis());

        assertThat(changesOf(old)).singleElement().satisfies(c -> assertThat(c.getFinalStatus()).isTrue());
    }

    @Test
    void statusSyncRefreshesTwoThousandOrdersOverSixtyDaysWithTensOfCalls() {
        awaitSyncCycles(BIG, 2);

        DistributionSummary calls = poller.syncCalls(BIG);
        System.out.printf("IT kaspi calls per sync cycle: mean %.1f max %.0f over %d cycles%n", calls.mean(),
                calls.max(), calls.count());
        // 2,000 orders in pages of 100 need 20 pages at least; 5 windows of 14 days over 60 days, a few
        // states each, plus a lookup per moved order: tens, where one lookup each would be 2,000.
        assertThat(calls.max()).isBetween(20.0, 60.0);
    }

    @Test
    void noRequestIsEverRefusedForConcurrencyAndNoTokenHasTwoInFlight() {
        awaitSyncCycles(BIG, 1);
        SMALL.forEach(m -> awaitSyncCycles(m, 1));

        assertThat(sandbox.admin().concurrencyRejections()).isZero();
        assertThat(sandbox.admin().highestConcurrency()).isEqualTo(1);
        for (String merchant : List.of(BIG, SMALL.get(0), SMALL.get(1), SMALL.get(2))) {
            assertThat(poller.errors(merchant, "rate_limited")).isZero();
        }
    }

    private static void awaitSyncCycles(String merchant, int more) {
        DistributionSummary now = poller.syncCalls(merchant);
        long before = now == null ? 0 : now.count();
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            DistributionSummary calls = poller.syncCalls(merchant);
            return calls != null && calls.count() >= before + more;
        });
    }

    private static List<OrderStatusChanged> changesOf(String code) {
        return orders.statusChanges(BIG).stream().filter(e -> e.getOrderCode().equals(code))
                .map(OrderEvent::getPayload).map(OrderStatusChanged.class::cast).toList();
    }
}
