package kz.kaspibridge.sandbox.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SandboxClockTest {

    /** A wall clock the test moves by hand. */
    private static final class HandClock extends Clock {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void scalesWallTimeAndAddsWhatWasAdvanced() {
        HandClock wall = new HandClock();
        SandboxClock clock = new SandboxClock(wall, 60, Instant.parse("2030-06-01T00:00:00Z"));

        wall.now = wall.now.plusSeconds(2);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2030-06-01T00:02:00Z"));
        clock.advance(Duration.ofHours(1));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2030-06-01T01:02:00Z"));
        assertThat(clock.toReal(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
