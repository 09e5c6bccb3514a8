package kz.kaspibridge.kaspiclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import kz.kaspibridge.kaspiclient.KaspiApiException;
import kz.kaspibridge.kaspiclient.RetrySettings;
import kz.kaspibridge.kaspiclient.internal.RetryPlan.Safety;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class RetryPlanTest {

    private final RetryPlan plan = new RetryPlan(
            new RetrySettings(3, Duration.ofSeconds(1), Duration.ofSeconds(8), 0.5, Duration.ofSeconds(60)),
            new SimpleMeterRegistry());

    /** Fails with the given errors in turn, then answers "ok". */
    private static Mono<String> failing(AtomicInteger calls, KaspiApiException... failures) {
        return Mono.defer(() -> {
            int call = calls.getAndIncrement();
            return call < failures.length ? Mono.error(failures[call]) : Mono.just("ok");
        });
    }

    @Test
    void honoursRetryAfterExactly() {
        AtomicInteger calls = new AtomicInteger();
        StepVerifier.withVirtualTime(() -> failing(calls,
                        new KaspiApiException.RateLimited("orders.get", Duration.ofSeconds(30)))
                        .retryWhen(plan.retry("orders.get", Safety.IDEMPOTENT)))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(29))
                .thenAwait(Duration.ofSeconds(1))
                .expectNext("ok")
                .verifyComplete();
        assertThat(calls).hasValue(2);
    }

    @Test
    void backsOffExponentiallyWithJitterWithinBounds() {
        KaspiApiException error = new KaspiApiException.ServerError("orders.get", 503);
        for (int retry = 0; retry < 5; retry++) {
            long base = Math.min(8000, 1000L << retry);
            assertThat(plan.delay(error, retry).toMillis()).isBetween(base / 2, base);
        }
    }

    @Test
    void retriesAServerErrorOfAReadButNotOfAWrite() {
        KaspiApiException error = new KaspiApiException.ServerError("orders.accept", 500);
        assertThat(RetryPlan.retryable(error, Safety.IDEMPOTENT)).isTrue();
        assertThat(RetryPlan.retryable(error, Safety.NOT_IDEMPOTENT)).isFalse();
        assertThat(RetryPlan.retryable(new KaspiApiException.RateLimited("x", null), Safety.NOT_IDEMPOTENT)).isTrue();
        assertThat(RetryPlan.retryable(new KaspiApiException.ConnectionFailed("x", true, null), Safety.NOT_IDEMPOTENT)).isTrue();
        assertThat(RetryPlan.retryable(new KaspiApiException.ConnectionFailed("x", false, null), Safety.NOT_IDEMPOTENT)).isFalse();
        assertThat(RetryPlan.retryable(new KaspiApiException.Timeout("x", null), Safety.NOT_IDEMPOTENT)).isFalse();
        assertThat(RetryPlan.retryable(new KaspiApiException.Rejected("x", 400, java.util.List.of()), Safety.IDEMPOTENT)).isFalse();
    }

    @Test
    void givesUpAfterTheConfiguredRetries() {
        AtomicInteger calls = new AtomicInteger();
        KaspiApiException error = new KaspiApiException.ServerError("orders.get", 503);
        StepVerifier.withVirtualTime(() -> failing(calls, error, error, error, error, error)
                        .retryWhen(plan.retry("orders.get", Safety.IDEMPOTENT)))
                .thenAwait(Duration.ofMinutes(1))
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(error))
                .verify();
        assertThat(calls).hasValue(4);
    }
}
