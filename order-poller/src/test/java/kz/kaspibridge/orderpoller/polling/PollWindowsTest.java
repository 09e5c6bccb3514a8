package kz.kaspibridge.orderpoller.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PollWindowsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final PollWindows windows = new PollWindows(Duration.ofHours(6), Duration.ofDays(40));

    @Test
    void aFirstStartLooksBackTheLookbackInWindowsOfAtMostFourteenDays() {
        List<PollWindow> cut = windows.between(Optional.empty(), NOW);

        assertThat(cut).hasSize(3);
        assertThat(cut.get(0).from()).isEqualTo(NOW.minus(Duration.ofDays(40)));
        assertThat(cut.get(cut.size() - 1).to()).isEqualTo(NOW);
        assertThat(cut).allSatisfy(w -> assertThat(Duration.between(w.from(), w.to())).isLessThanOrEqualTo(Duration.ofDays(14)));
    }

    @Test
    void windowsLeaveNoGapBetweenThem() {
        List<PollWindow> cut = windows.between(Optional.empty(), NOW);

        for (int i = 1; i < cut.size(); i++) {
            assertThat(cut.get(i).from()).isEqualTo(cut.get(i - 1).to());
        }
    }

    @Test
    void aRestartStartsTheOverlapBeforeTheCursorSoLateApprovalsAreFound() {
        Instant cursor = NOW.minus(Duration.ofMinutes(1));

        assertThat(windows.between(Optional.of(cursor), NOW))
                .containsExactly(new PollWindow(cursor.minus(Duration.ofHours(6)), NOW));
    }

    @Test
    void aCursorAheadOfTheClockIsTreatedAsNow() {
        assertThat(windows.between(Optional.of(NOW.plusSeconds(60)), NOW))
                .containsExactly(new PollWindow(NOW.minus(Duration.ofHours(6)), NOW));
    }

    @Test
    void aWindowWiderThanFourteenDaysIsRefused() {
        assertThatThrownBy(() -> new PollWindow(NOW.minus(Duration.ofDays(15)), NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
