package kz.kaspibridge.orderpoller.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PollWindowsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final PollWindows windows = new PollWindows(Duration.ofHours(6), Duration.ofDays(40));

    @Test
    void aFirstStartLooksBackTheLookbackUpToNow() {
        assertThat(windows.between(Optional.empty(), NOW))
                .isEqualTo(new CreationRange(NOW.minus(Duration.ofDays(40)), NOW));
    }

    @Test
    void aRestartStartsTheOverlapBeforeTheCursorSoLateApprovalsAreFound() {
        Instant cursor = NOW.minus(Duration.ofMinutes(1));

        assertThat(windows.between(Optional.of(cursor), NOW))
                .isEqualTo(new CreationRange(cursor.minus(Duration.ofHours(6)), NOW));
    }

    @Test
    void aCursorAheadOfTheClockIsTreatedAsNow() {
        assertThat(windows.between(Optional.of(NOW.plusSeconds(60)), NOW))
                .isEqualTo(new CreationRange(NOW.minus(Duration.ofHours(6)), NOW));
    }

    @Test
    void aRangeThatEndsBeforeItStartsIsRefused() {
        assertThatThrownBy(() -> new CreationRange(NOW, NOW.minusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
