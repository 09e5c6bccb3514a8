package kz.kaspibridge.orderpoller.polling;

import static kz.kaspibridge.orderpoller.Orders.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import kz.kaspibridge.testsupport.HandClock;
import org.junit.jupiter.api.Test;

class MerchantPollerRepollTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final MerchantId MERCHANT = new MerchantId("m1");
    private static final Duration OVERLAP = Duration.ofHours(1);

    private final FakeOrderSource kaspi = new FakeOrderSource();
    private final InMemoryOrderEvents kafka = new InMemoryOrderEvents();
    private final Map<MerchantId, Repoll.Request> requests = new HashMap<>();
    private final List<Repoll.Outcome> counted = new ArrayList<>();
    private final PollerMetrics metrics = new PollerMetrics() {
        @Override
        public void repollRequest(Repoll.Outcome outcome) {
            counted.add(outcome);
        }
    };
    private final HandClock clock = new HandClock(NOW);

    private MerchantPoller poller() {
        return new MerchantPoller(MERCHANT, Set.of(OrderState.NEW), new PollWindows(OVERLAP, Duration.ofDays(1)), 500,
                kaspi, kafka, metrics, clock, merchant -> Optional.ofNullable(requests.get(merchant)));
    }

    @Test
    void anOrderTheOverlapMissedIsReceivedOnceAfterARepollAndKnownOnesAreNotReEmitted() {
        kaspi.add(anOrder().code("KNOWN").createdAt(NOW.minus(Duration.ofHours(2))).build());
        MerchantPoller poller = poller();
        poller.pollNewOrders();
        // Approved late: created three hours before the cursor, so outside cursor - overlap.
        kaspi.add(anOrder().code("LATE").createdAt(NOW.minus(Duration.ofHours(3))).build());
        later(Duration.ofSeconds(30));
        assertThat(poller.pollNewOrders()).isZero();

        requests.put(MERCHANT, new Repoll.Request(NOW.minus(Duration.ofHours(4)), clock.instant()));
        later(Duration.ofSeconds(30));

        assertThat(poller.pollNewOrders()).isEqualTo(1);
        assertThat(kafka.received()).containsExactly(new OrderCode("KNOWN"), new OrderCode("LATE"));
        assertThat(counted).containsExactly(Repoll.Outcome.APPLIED);

        // The same request is still the newest on the topic: neither this poller nor a restarted one applies it again.
        later(Duration.ofSeconds(30));
        assertThat(poller.pollNewOrders()).isZero();
        assertThat(poller().pollNewOrders()).isZero();
        assertThat(counted).containsExactly(Repoll.Outcome.APPLIED);
        assertThat(kafka.open(MERCHANT).cursor()).contains(clock.instant());
    }

    @Test
    void refusedRequestsAreCountedOnceAndLeaveTheCursorAlone() {
        poller().pollNewOrders();
        later(Duration.ofSeconds(30));
        MerchantPoller poller = poller();
        requests.put(MERCHANT, new Repoll.Request(clock.instant().plusSeconds(60), clock.instant()));

        poller.pollNewOrders();
        poller.pollNewOrders();

        assertThat(counted).containsExactly(Repoll.Outcome.FUTURE);
        assertThat(kafka.open(MERCHANT).cursor()).contains(clock.instant());
        assertThat(kafka.open(MERCHANT).lastRepoll()).isEmpty();
    }

    @Test
    void anOlderRequestNeverUndoesANewerOne() {
        poller().pollNewOrders();
        later(Duration.ofMinutes(1));
        requests.put(MERCHANT, new Repoll.Request(NOW.minus(Duration.ofHours(4)), clock.instant()));
        poller().pollNewOrders();
        requests.put(MERCHANT, new Repoll.Request(NOW.minus(Duration.ofDays(1)), NOW.minusSeconds(1)));
        later(Duration.ofMinutes(1));

        poller().pollNewOrders();

        assertThat(counted).containsExactly(Repoll.Outcome.APPLIED, Repoll.Outcome.STALE);
    }

    private void later(Duration duration) {
        clock.advance(duration);
    }
}
