package kz.kaspibridge.orderpoller.statussync;

import static kz.kaspibridge.orderpoller.Orders.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import kz.kaspibridge.orderpoller.polling.FakeOrderSource;
import kz.kaspibridge.orderpoller.polling.InMemoryOrderEvents;
import kz.kaspibridge.orderpoller.polling.MerchantId;
import kz.kaspibridge.orderpoller.polling.MerchantPoller;
import kz.kaspibridge.orderpoller.polling.OrderCode;
import kz.kaspibridge.orderpoller.polling.OrderState;
import kz.kaspibridge.orderpoller.polling.OrderStatus;
import kz.kaspibridge.orderpoller.polling.PollWindows;
import kz.kaspibridge.orderpoller.polling.PollerMetrics;
import kz.kaspibridge.orderpoller.polling.StatusChange;
import org.junit.jupiter.api.Test;

class StatusSyncTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final MerchantId MERCHANT = new MerchantId("m1");

    private final FakeOrderSource kaspi = new FakeOrderSource(100);
    private final InMemoryOrderEvents kafka = new InMemoryOrderEvents();
    private final MerchantPoller poller = new MerchantPoller(MERCHANT, Set.of(OrderState.NEW, OrderState.PICKUP),
            new PollWindows(Duration.ofHours(1), Duration.ofDays(61)), 500, kaspi, kafka, PollerMetrics.NONE,
            Clock.fixed(NOW, ZoneOffset.UTC));

    private List<StatusChange> sync() {
        return StatusSync.plan(poller, kaspi, NOW).runToEnd();
    }

    @Test
    void aBuyerCancellationIsEmittedOnceAndTheOrderIsNoLongerTracked() {
        kaspi.add(anOrder().code("A1").createdAt(NOW.minusSeconds(10)).build());
        poller.pollNewOrders();
        kaspi.move(new OrderCode("A1"), OrderStatus.CANCELLED, OrderState.ARCHIVE);

        assertThat(sync()).singleElement().isInstanceOf(StatusChange.Closed.class);
        assertThat(sync()).isEmpty();
        assertThat(poller.openOrders()).isZero();
        assertThat(kafka.changes()).hasSize(1);
    }

    @Test
    void anOrderOlderThanFourteenDaysIsRefreshedByAListingAroundItsCreationDateNotByCode() {
        kaspi.add(anOrder().code("OLD").createdAt(NOW.minus(Duration.ofDays(40))).build());
        poller.pollNewOrders();
        kaspi.move(new OrderCode("OLD"), OrderStatus.ACCEPTED_BY_MERCHANT, OrderState.NEW);
        int lookupsBefore = kaspi.lookups;

        StatusChange change = sync().get(0);

        assertThat(change).isInstanceOf(StatusChange.Progressed.class);
        assertThat(change.current().status()).isEqualTo(OrderStatus.ACCEPTED_BY_MERCHANT);
        assertThat(kaspi.lookups).isEqualTo(lookupsBefore);
        assertThat(poller.openOrders()).isEqualTo(1);
    }

    @Test
    void anOrderThatLeftItsStateIsLookedUpByCodeRightAfterItsListing() {
        kaspi.add(anOrder().code("MOVED").createdAt(NOW.minus(Duration.ofDays(30))).build());
        kaspi.add(anOrder().code("STAYS").createdAt(NOW.minus(Duration.ofDays(2))).build());
        poller.pollNewOrders();
        kaspi.move(new OrderCode("MOVED"), OrderStatus.ACCEPTED_BY_MERCHANT, OrderState.DELIVERY);
        StatusSync sync = StatusSync.plan(poller, kaspi, NOW);

        assertThat(sync.step()).isEmpty(); // the listing of the window that held MOVED
        assertThat(sync.step()).singleElement() // its lookup, before the next listing
                .satisfies(c -> assertThat(c.current().state()).isEqualTo(OrderState.DELIVERY));
        assertThat(sync.step()).isEmpty();
        assertThat(sync.done()).isTrue();
        assertThat(sync.calls()).isEqualTo(3);
        assertThat(kaspi.lookups).isEqualTo(1);
    }

    @Test
    void twoThousandOpenOrdersOverSixtyDaysCostTensOfCallsNotThousands() {
        for (int i = 0; i < 2_000; i++) {
            kaspi.add(anOrder().code("O" + i).state(i % 4 == 0 ? OrderState.PICKUP : OrderState.NEW)
                    .createdAt(NOW.minus(Duration.ofMinutes(43L * i + 1))).build());
        }
        poller.pollNewOrders();
        for (int i = 0; i < 20; i++) {
            kaspi.move(new OrderCode("O" + (i * 97)), OrderStatus.CANCELLED, OrderState.ARCHIVE);
        }
        int before = kaspi.calls();
        StatusSync sync = StatusSync.plan(poller, kaspi, NOW);

        List<StatusChange> changes = sync.runToEnd();

        assertThat(poller.openOrders()).isEqualTo(1_980);
        assertThat(changes).hasSize(20).allSatisfy(c -> assertThat(c).isInstanceOf(StatusChange.Closed.class));
        // 2 states x 5 windows, 20 pages of 100 plus the part-filled last page of each window, 20 lookups.
        assertThat(sync.calls()).isEqualTo(kaspi.calls() - before).isBetween(30, 50);
        assertThat(kaspi.lookups).isEqualTo(20);
    }

    @Test
    void ordersInAStateKaspiAddedAreOnlyReachableByCode() {
        kaspi.add(anOrder().code("A1").createdAt(NOW.minusSeconds(10)).build());
        poller.pollNewOrders();
        kaspi.move(new OrderCode("A1"), OrderStatus.ACCEPTED_BY_MERCHANT, OrderState.UNKNOWN);
        sync();
        kaspi.move(new OrderCode("A1"), OrderStatus.COMPLETED, OrderState.ARCHIVE);
        int lookupsBefore = kaspi.lookups;

        assertThat(sync()).singleElement().isInstanceOf(StatusChange.Closed.class);
        assertThat(kaspi.lookups).isEqualTo(lookupsBefore + 1);
    }

    @Test
    void nothingOpenMeansNoCall() {
        StatusSync sync = StatusSync.plan(poller, kaspi, NOW);

        assertThat(sync.done()).isTrue();
        assertThat(sync.calls()).isZero();
    }
}
