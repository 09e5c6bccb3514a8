package kz.kaspibridge.orderpoller.merchants;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long one merchant waits after consecutive failures: doubling from {@code initial} up to
 * {@code max}, with jitter so that merchants failing together do not retry together.
 */
public record Backoff(Duration initial, Duration max, DoubleSupplier random) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max");
        }
    }

    /** @param failures consecutive failures so far, at least 1 */
    public Duration after(int failures) {
        long ceiling = initial.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
        long capped = Math.min(ceiling, max.toMillis());
        // "Equal jitter": at least half the delay, so backoff still grows.
        return Duration.ofMillis(capped / 2 + (long) (random.getAsDouble() * (capped / 2.0)));
    }
}
