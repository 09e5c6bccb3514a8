package kz.kaspibridge.sandbox.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import kz.kaspibridge.testsupport.HandClock;
import org.junit.jupiter.api.Test;

class SandboxClockTest {

    @Test
    void scalesWallTimeAndAddsWhatWasAdvanced() {
        HandClock wall = new HandClock(Instant.parse("2025-01-01T00:00:00Z"));
        SandboxClock clock = new SandboxClock(wall, 60, Instant.parse("2030-06-01T00:00:00Z"));

        wall.advance(Duration.ofSeconds(2));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2030-06-01T00:02:00Z"));
        clock.advance(Duration.ofHours(1));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2030-06-01T01:02:00Z"));
        assertThat(clock.toReal(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
