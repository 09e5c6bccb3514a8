package kz.kaspibridge.kaspiclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import kz.kaspibridge.kaspiclient.RateLimitSettings;
import org.junit.jupiter.api.Test;

class PerKeyRateLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final PerKeyRateLimiter limiter = new PerKeyRateLimiter(new RateLimitSettings(10, 2), nanos::get);

    @Test
    void aBurstPassesThenCallsAreSpacedByTheRate() {
        assertThat(limiter.reserve("token-a")).isZero();
        assertThat(limiter.reserve("token-a")).isZero();
        assertThat(limiter.reserve("token-a")).isEqualTo(Duration.ofMillis(100));
        assertThat(limiter.reserve("token-a")).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void eachTokenHasItsOwnBudget() {
        limiter.reserve("token-a");
        limiter.reserve("token-a");
        limiter.reserve("token-a");
        assertThat(limiter.reserve("token-b")).isZero();
    }

    @Test
    void idleTimeRefillsTheBurst() {
        limiter.reserve("token-a");
        limiter.reserve("token-a");
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(limiter.reserve("token-a")).isZero();
        assertThat(limiter.reserve("token-a")).isZero();
    }
}
