package kz.kaspibridge.kaspiclient.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderWindowsTest {

    private static final Duration FOURTEEN_DAYS = Duration.ofDays(14);
    private static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void aFortyDayRangeBecomesThreeTouchingWindowsOfAtMostFourteenDays() {
        List<OrderWindows.Window> windows = OrderWindows.split(FROM, FROM.plus(Duration.ofDays(40)), FOURTEEN_DAYS);

        assertThat(windows).hasSize(3);
        assertThat(windows.get(0).from()).isEqualTo(FROM);
        assertThat(windows.get(2).to()).isEqualTo(FROM.plus(Duration.ofDays(40)));
        for (int i = 0; i < windows.size(); i++) {
            assertThat(windows.get(i).span()).isLessThanOrEqualTo(FOURTEEN_DAYS);
            if (i > 0) {
                assertThat(windows.get(i).from()).isEqualTo(windows.get(i - 1).to().plusMillis(1));
            }
        }
    }

    @Test
    void aRangeOfExactlyFourteenDaysOrLessIsOneWindow() {
        assertThat(OrderWindows.split(FROM, FROM.plus(FOURTEEN_DAYS), FOURTEEN_DAYS))
                .containsExactly(new OrderWindows.Window(FROM, FROM.plus(FOURTEEN_DAYS)));
        assertThat(OrderWindows.split(FROM, FROM, FOURTEEN_DAYS)).containsExactly(new OrderWindows.Window(FROM, FROM));
    }

    @Test
    void anOrderCreatedOnOrBesideAWindowBoundaryIsListedByExactlyOneWindow() {
        Instant to = FROM.plus(Duration.ofDays(45));
        List<OrderWindows.Window> windows = OrderWindows.split(FROM, to, FOURTEEN_DAYS);
        List<Instant> probes = new ArrayList<>();
        for (OrderWindows.Window w : windows) {
            for (Instant edge : List.of(w.from(), w.to())) {
                // On the edge, one millisecond either side, and a sub-millisecond instant Kaspi cannot see.
                probes.addAll(List.of(edge.minusMillis(1), edge, edge.plusMillis(1), edge.plusNanos(500_000)));
            }
        }
        probes.removeIf(at -> at.isBefore(FROM) || at.isAfter(to));

        assertThat(probes).isNotEmpty().allSatisfy(at ->
                assertThat(windows.stream().filter(w -> w.contains(at)).count()).as("windows listing %s", at).isOne());
    }

    @Test
    void coveringWindowsHoldEveryDateOnceAndSkipEmptyStretches() {
        List<Instant> dates = new ArrayList<>();
        for (int day = 0; day < 10; day++) {
            dates.add(FROM.plus(Duration.ofDays(day)));
        }
        Instant lateCluster = FROM.plus(Duration.ofDays(50));
        dates.add(lateCluster);
        dates.add(lateCluster.plus(FOURTEEN_DAYS)); // exactly on the edge of the window the cluster opens
        dates.add(lateCluster.plus(FOURTEEN_DAYS).plusMillis(1)); // just past it

        List<OrderWindows.Window> windows = OrderWindows.covering(dates, FOURTEEN_DAYS);

        assertThat(windows).containsExactly(new OrderWindows.Window(FROM, FROM.plus(FOURTEEN_DAYS)),
                new OrderWindows.Window(lateCluster, lateCluster.plus(FOURTEEN_DAYS)),
                new OrderWindows.Window(lateCluster.plus(FOURTEEN_DAYS).plusMillis(1),
                        lateCluster.plus(FOURTEEN_DAYS).plusMillis(1).plus(FOURTEEN_DAYS)));
        assertThat(dates).allSatisfy(at ->
                assertThat(windows.stream().filter(w -> w.contains(at)).count()).isOne());
        assertThat(OrderWindows.covering(List.of(), FOURTEEN_DAYS)).isEmpty();
    }

    @Test
    void sixtyDaysOfOpenOrdersNeedFiveWindows() {
        List<Instant> dates = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            dates.add(FROM.plus(Duration.ofMinutes(i * 86L)));
        }

        assertThat(OrderWindows.covering(dates, FOURTEEN_DAYS)).hasSize(5);
    }
}
