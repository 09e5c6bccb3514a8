package kz.kaspibridge.kaspiclient.internal;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import kz.kaspibridge.kaspiclient.KaspiApiException;
import kz.kaspibridge.kaspiclient.RetrySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * When and how long to wait before trying again. Reads, and writes Kaspi makes idempotent, retry
 * every transient failure. Other writes retry only what Kaspi cannot have acted on (429, a refused
 * connection): after a 5xx or a timeout the caller must look at the order before trying again.
 * Internal API.
 */
public final class RetryPlan {

    private static final Logger log = LoggerFactory.getLogger(RetryPlan.class);

    /** Whether repeating a call can do harm. */
    public enum Safety { IDEMPOTENT, NOT_IDEMPOTENT }

    private final RetrySettings settings;
    private final MeterRegistry meters;

    public RetryPlan(RetrySettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.meters = meters;
    }

    public Retry retry(String operation, Safety safety) {
        return Retry.from(signals -> signals.concatMap(signal -> {
            Throwable failure = signal.failure();
            long retries = signal.totalRetries();
            if (retries >= settings.maxRetries() || !retryable(failure, safety)) {
                return Mono.error(failure);
            }
            Duration delay = delay(failure, retries);
            if (delay == null) {
                return Mono.error(failure);
            }
            String reason = ((KaspiApiException) failure).outcome();
            meters.counter("kaspi.client.retries", "operation", operation, "reason", reason).increment();
            log.warn("kaspi call retry operation={} retry={} reason={} delayMs={}", operation, retries + 1, reason,
                    delay.toMillis());
            return Mono.delay(delay);
        }));
    }

    static boolean retryable(Throwable failure, Safety safety) {
        if (failure instanceof KaspiApiException.RateLimited) {
            return true;
        }
        if (failure instanceof KaspiApiException.ConnectionFailed) {
            return safety == Safety.IDEMPOTENT || ((KaspiApiException.ConnectionFailed) failure).beforeRequest();
        }
        return safety == Safety.IDEMPOTENT
                && (failure instanceof KaspiApiException.ServerError || failure instanceof KaspiApiException.Timeout);
    }

    /** Retry-After when Kaspi gave one (null if longer than we accept), else jittered exponential. */
    Duration delay(Throwable failure, long retries) {
        if (failure instanceof KaspiApiException.RateLimited) {
            Duration asked = ((KaspiApiException.RateLimited) failure).retryAfter().orElse(null);
            if (asked != null) {
                return asked.compareTo(settings.maxRetryAfter()) > 0 ? null : asked;
            }
        }
        long base = Math.min(settings.maxBackoff().toMillis(),
                settings.minBackoff().toMillis() * (1L << Math.min(retries, 20)));
        long randomPart = (long) (base * settings.jitter() * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(base - (long) (base * settings.jitter()) + randomPart);
    }
}
