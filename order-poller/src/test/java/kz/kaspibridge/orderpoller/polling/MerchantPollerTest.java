package kz.kaspibridge.orderpoller.polling;

import static kz.kaspibridge.orderpoller.Orders.anOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MerchantPollerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final MerchantId MERCHANT = new MerchantId("m1");

    private final FakeOrderSource kaspi = new FakeOrderSource();
    private final InMemoryOrderEvents kafka = new InMemoryOrderEvents();
    private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private MerchantPoller poller(int batchSize) {
        return new MerchantPoller(MERCHANT, Set.of(OrderState.NEW, OrderState.PICKUP),
                new PollWindows(Duration.ofHours(1), Duration.ofDays(40)), batchSize, kaspi, kafka,
                PollerMetrics.NONE, clock);
    }

    @Test
    void emitsEveryOrderOfEveryWatchedStateAcrossWindowsOnce() {
        for (int day = 0; day < 40; day++) {
            kaspi.add(anOrder().code("A" + day).state(day % 2 == 0 ? OrderState.NEW : OrderState.PICKUP)
                    .createdAt(NOW.minus(Duration.ofDays(day)).minusSeconds(1)).build());
        }

        int emitted = poller(500).pollNewOrders();

        assertThat(emitted).isEqualTo(40);
        assertThat(kafka.received()).hasSize(40).doesNotHaveDuplicates();
    }

    @Test
    void overlappingPollsNeverEmitAnOrderTwice() {
        MerchantPoller poller = poller(500);
        kaspi.add(anOrder().code("A1").createdAt(NOW.minusSeconds(10)).build());
        poller.pollNewOrders();
        clock = Clock.offset(clock, Duration.ofSeconds(30));

        assertThat(poller(500).pollNewOrders()).isZero();
        assertThat(kafka.received()).containsExactly(new OrderCode("A1"));
    }

    @Test
    void aRestartReadsTheSeenOrdersBackAndEmitsOnlyNewOnes() {
        kaspi.add(anOrder().code("A1").createdAt(NOW.minusSeconds(10)).build());
        poller(500).pollNewOrders();
        kaspi.add(anOrder().code("A2").createdAt(NOW.minusSeconds(5)).build());

        poller(500).pollNewOrders();

        assertThat(kafka.received()).containsExactly(new OrderCode("A1"), new OrderCode("A2"));
        assertThat(kafka.opens).isEqualTo(2);
    }

    @Test
    void whenKafkaRefusesABatchTheCursorStaysAndTheOrderComesAgainLater() {
        MerchantPoller poller = poller(500);
        kaspi.add(anOrder().code("A1").createdAt(NOW.minusSeconds(10)).build());
        kafka.refuseNext();

        assertThatThrownBy(poller::pollNewOrders).isInstanceOf(OrderEventsException.class);
        assertThat(kafka.committed).isEmpty();

        poller.pollNewOrders();
        assertThat(kafka.received()).containsExactly(new OrderCode("A1"));
    }

    @Test
    void aCommitWhoseAcknowledgementWasLostIsNotRepeated() {
        MerchantPoller poller = poller(500);
        kaspi.add(anOrder().code("A1").createdAt(NOW.minusSeconds(10)).build());
        kafka.loseNextAcknowledgement();

        assertThatThrownBy(poller::pollNewOrders).isInstanceOf(OrderEventsException.class);
        poller.pollNewOrders();

        assertThat(kafka.received()).containsExactly(new OrderCode("A1"));
        assertThat(kafka.opens).isEqualTo(2);
    }

    @Test
    void aBigCatchUpIsSplitIntoBatchesAndTheCursorMovesOnlyAfterThemAll() {
        for (int i = 0; i < 25; i++) {
            kaspi.add(anOrder().code("B" + i).createdAt(NOW.minusSeconds(1000 - i)).build());
        }

        poller(10).pollNewOrders();

        assertThat(kafka.committed).hasSize(4);
        assertThat(kafka.committed.subList(0, 3)).allSatisfy(batch -> assertThat(batch.cursor()).isEmpty());
        assertThat(kafka.committed.get(3).cursor()).contains(NOW);
        assertThat(kafka.committed.get(3).received()).isEmpty();
        assertThat(kafka.received()).hasSize(25).doesNotHaveDuplicates();
    }

    @Test
    void kaspiFailuresMoveNothing() {
        kaspi.add(anOrder().code("A1").createdAt(NOW.minusSeconds(10)).build());
        kaspi.failWith(OrderSourceException.Failure.UNAVAILABLE);

        assertThatThrownBy(poller(500)::pollNewOrders).isInstanceOf(OrderSourceException.class);
        assertThat(kafka.committed).isEmpty();
    }
}
