package kz.kaspibridge.kaspiclient;

import java.time.Duration;

/**
 * The client-side limits per token (per API key on the Delivery API). Kaspi answers 429 to a second
 * request in flight on one token and to bursts, so calls beyond either limit wait their turn here,
 * never sent early and never failed for it.
 *
 * @param requestsPerSecond sustained rate per token, per client instance
 * @param burst             calls allowed back to back before spacing starts
 * @param maxInFlight       requests in flight at once per token, shared by every client in the JVM
 *                          that uses the token (1, Kaspi's rule, unless you know better)
 * @param unansweredHold    how long a slot stays taken after an attempt that got no answer (a timeout,
 *                          a dropped connection, a call cancelled in flight): Kaspi may still be working
 *                          on it and would answer the next request with 429; zero frees it at once
 */
public record RateLimitSettings(double requestsPerSecond, int burst, int maxInFlight, Duration unansweredHold) {

    /** Kaspi allows one request in flight per token. */
    public static final int KASPI_MAX_IN_FLIGHT = 1;
    public static final Duration DEFAULT_UNANSWERED_HOLD = Duration.ofSeconds(1);

    public RateLimitSettings {
        if (!(requestsPerSecond > 0) || burst < 1 || maxInFlight < 1 || unansweredHold == null
                || unansweredHold.isNegative()) {
            throw new IllegalArgumentException(
                    "rate must be positive, burst and maxInFlight at least 1, unansweredHold not negative");
        }
    }

    /** One request in flight per token, Kaspi's rule. */
    public RateLimitSettings(double requestsPerSecond, int burst) {
        this(requestsPerSecond, burst, KASPI_MAX_IN_FLIGHT, DEFAULT_UNANSWERED_HOLD);
    }

    public RateLimitSettings(double requestsPerSecond, int burst, int maxInFlight) {
        this(requestsPerSecond, burst, maxInFlight, DEFAULT_UNANSWERED_HOLD);
    }

    public static RateLimitSettings defaults() {
        return new RateLimitSettings(5, 5, KASPI_MAX_IN_FLIGHT, DEFAULT_UNANSWERED_HOLD);
    }

    public RateLimitSettings withMaxInFlight(int value) {
        return new RateLimitSettings(requestsPerSecond, burst, value, unansweredHold);
    }

    public RateLimitSettings withUnansweredHold(Duration value) {
        return new RateLimitSettings(requestsPerSecond, burst, maxInFlight, value);
    }
}
