package kz.kaspibridge.kaspiclient;

import java.time.Duration;

/**
 * Retries of transient failures (429, 5xx, timeouts, dropped connections), where safe.
 *
 * @param maxRetries    retries after the first attempt; 0 disables retrying
 * @param minBackoff    first backoff; doubles per retry
 * @param maxBackoff    cap of one backoff
 * @param jitter        0..1, the share of each backoff that is random, so clients spread out
 * @param maxRetryAfter longest {@code Retry-After} honoured; a longer one fails the call instead
 */
public record RetrySettings(int maxRetries, Duration minBackoff, Duration maxBackoff, double jitter,
                            Duration maxRetryAfter) {

    public RetrySettings {
        if (maxRetries < 0 || jitter < 0 || jitter > 1 || minBackoff.isNegative()
                || maxBackoff.compareTo(minBackoff) < 0 || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("invalid retry settings");
        }
    }

    public static RetrySettings defaults() {
        return new RetrySettings(3, Duration.ofMillis(200), Duration.ofSeconds(10), 0.5, Duration.ofSeconds(60));
    }

    public static RetrySettings none() {
        return new RetrySettings(0, Duration.ZERO, Duration.ZERO, 0, Duration.ZERO);
    }
}
