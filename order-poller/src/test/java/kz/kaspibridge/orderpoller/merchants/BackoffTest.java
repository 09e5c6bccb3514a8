package kz.kaspibridge.orderpoller.merchants;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesPerFailureUpToTheCapWithAtMostHalfJitter() {
        Backoff highest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999999);
        Backoff lowest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0);

        assertThat(highest.after(1)).isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(lowest.after(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(lowest.after(4)).isEqualTo(Duration.ofSeconds(4));
        assertThat(highest.after(40)).isLessThanOrEqualTo(Duration.ofSeconds(60));
        assertThat(lowest.after(40)).isEqualTo(Duration.ofSeconds(30));
    }
}
