package kz.kaspibridge.orderpoller.polling;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Which creation dates one poll lists. It starts {@code overlap} before the cursor (the end of the
 * last poll Kafka acknowledged), or {@code firstStartLookback} before now when there is no cursor
 * yet, and ends now. The Kaspi adapter cuts that range into Kaspi's 14-day windows.
 *
 * <p>The overlap is what makes late orders safe: Kaspi filters by creation date, but an order only
 * shows up as APPROVED_BY_BANK once the bank approves it, which can be long after it was created.
 * Re-reading the overlap costs Kaspi calls, never duplicates: every order is deduplicated by code.
 */
public record PollWindows(Duration overlap, Duration firstStartLookback) {

    public PollWindows {
        if (overlap.isNegative() || firstStartLookback.isNegative()) {
            throw new IllegalArgumentException("overlap and lookback must not be negative");
        }
    }

    public CreationRange between(Optional<Instant> cursor, Instant now) {
        Instant start = cursor.map(c -> c.isAfter(now) ? now : c).map(c -> c.minus(overlap))
                .orElse(now.minus(firstStartLookback));
        return new CreationRange(start, now);
    }
}
