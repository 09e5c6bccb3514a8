package kz.kaspibridge.kaspiclient.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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
            assertThat(Duration.between(windows.get(i).from(), windows.get(i).to())).isLessThanOrEqualTo(FOURTEEN_DAYS);
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
}
