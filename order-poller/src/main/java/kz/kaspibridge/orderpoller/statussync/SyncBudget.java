package kz.kaspibridge.orderpoller.statussync;

import java.time.Duration;
import java.time.Instant;

/**
 * How fast status sync may call Kaspi: a share of the token's requests, paced one call every
 * {@code 1 / (share × requestsPerSecond)}. Pacing rather than a per-interval allowance spent in a
 * burst keeps the client's per-token rate limiter free for polls at every moment, so a due poll
 * never waits behind sync's calls; what does not fit in one status-sync interval runs on in the next.
 * Not thread-safe: one merchant, one thread.
 */
public final class SyncBudget {

    private final Duration spacing;
    private Instant next = Instant.MIN;

    private SyncBudget(Duration spacing) {
        this.spacing = spacing;
    }

    /**
     * @param share             of the token's requests that sync may use, 0 (exclusive) to 1
     * @param requestsPerSecond the token's rate; 0 means the client limits nothing, and neither does sync
     */
    public static SyncBudget shareOf(double share, double requestsPerSecond) {
        if (!(share > 0 && share <= 1) || requestsPerSecond < 0) {
            throw new IllegalArgumentException("share must be in (0, 1] and the rate not negative");
        }
        return new SyncBudget(requestsPerSecond == 0 ? Duration.ZERO
                : Duration.ofNanos((long) (1_000_000_000L / (share * requestsPerSecond))));
    }

    /** Calls sync may make in {@code interval}: what the status-sync interval can hold. */
    public long callsPer(Duration interval) {
        return spacing.isZero() ? Long.MAX_VALUE : interval.toNanos() / spacing.toNanos();
    }

    /** How long to wait before the next sync call; zero when it may go now. */
    public Duration waitBefore(Instant now) {
        return now.isBefore(next) ? Duration.between(now, next) : Duration.ZERO;
    }

    /** Counts a call made at {@code now}. */
    public void spent(Instant now) {
        next = (now.isAfter(next) ? now : next).plus(spacing);
    }
}
