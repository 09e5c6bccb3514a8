package kz.kaspibridge.webhookingress.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket per source, on a fake nano clock. */
class SourceRateLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private SourceRateLimiter limiter(double perSecond, int burst, int maxSources) {
        return new SourceRateLimiter(perSecond, burst, maxSources, nanos::get);
    }

    private void advance(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void aFullBucketLetsTheBurstThroughAndThenRefuses() {
        SourceRateLimiter limiter = limiter(10, 3, 10);

        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
    }

    @Test
    void tokensRefillAtTheSustainedRateAndNeverAboveTheBurst() {
        SourceRateLimiter limiter = limiter(10, 3, 10);
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("a");
        }

        advance(90);
        assertThat(limiter.tryAcquire("a")).as("0.9 of a token").isFalse();
        advance(20);
        assertThat(limiter.tryAcquire("a")).as("1.1 tokens after 110 ms").isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();

        advance(60_000);
        int allowed = 0;
        for (int i = 0; i < 10; i++) {
            allowed += limiter.tryAcquire("a") ? 1 : 0;
        }
        assertThat(allowed).as("a minute idle refills to the burst, not to 600").isEqualTo(3);
    }

    @Test
    void fractionalRatesAccumulateAcrossCalls() {
        SourceRateLimiter limiter = limiter(0.5, 1, 10);
        assertThat(limiter.tryAcquire("a")).isTrue();

        advance(1_000);
        assertThat(limiter.tryAcquire("a")).as("half a token").isFalse();
        advance(1_100);
        assertThat(limiter.tryAcquire("a")).as("1.05 tokens").isTrue();
    }

    @Test
    void eachSourceHasItsOwnBucket() {
        SourceRateLimiter limiter = limiter(1, 1, 10);

        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
        assertThat(limiter.tryAcquire("b")).isTrue();
    }

    @Test
    void aClockThatStepsBackNeitherAddsNorRemovesTokens() {
        SourceRateLimiter limiter = limiter(1, 1, 10);
        assertThat(limiter.tryAcquire("a")).isTrue();

        advance(-10_000);
        assertThat(limiter.tryAcquire("a")).isFalse();
        advance(10_000);
        assertThat(limiter.tryAcquire("a")).as("no refill for time already counted").isFalse();
        advance(1_100);
        assertThat(limiter.tryAcquire("a")).isTrue();
    }

    @Test
    void whenFullIdleSourcesAreDroppedFirstAndBusyOnesKeepTheirBucket() {
        SourceRateLimiter limiter = limiter(1, 2, 2);
        limiter.tryAcquire("idle");
        limiter.tryAcquire("busy");
        limiter.tryAcquire("busy");
        advance(1_500);
        // "idle" has refilled to its burst; "busy" has 1.5 tokens of two.

        assertThat(limiter.tryAcquire("new")).isTrue();

        assertThat(limiter.tryAcquire("busy")).isTrue();
        assertThat(limiter.tryAcquire("busy")).as("busy kept its bucket, so it is empty now").isFalse();
    }

    @Test
    void whenFullOfBusySourcesTheMapIsClearedErringTowardsLettingThrough() {
        SourceRateLimiter limiter = limiter(1, 1, 2);
        limiter.tryAcquire("a");
        limiter.tryAcquire("b");

        assertThat(limiter.tryAcquire("c")).isTrue();
        assertThat(limiter.tryAcquire("a")).as("a's empty bucket was dropped").isTrue();
    }

    @Test
    void settingsMustBePositive() {
        assertThatThrownBy(() -> limiter(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
