package kz.kaspibridge.orderpoller.polling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which creation-date windows one poll walks. It starts {@code overlap} before the cursor (the end of
 * the last poll Kafka acknowledged), or {@code firstStartLookback} before now when there is no
 * cursor yet, and ends now, cut into windows of at most 14 days.
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

    public List<PollWindow> between(Optional<Instant> cursor, Instant now) {
        Instant start = cursor.map(c -> c.isAfter(now) ? now : c).map(c -> c.minus(overlap))
                .orElse(now.minus(firstStartLookback));
        List<PollWindow> windows = new ArrayList<>();
        Instant from = start;
        do {
            Instant to = earliest(from.plus(PollWindow.MAX_SPAN), now);
            windows.add(new PollWindow(from, to));
            from = to;
        } while (from.isBefore(now));
        return windows;
    }

    /** The windows that cover every order created since {@code since}, for status sync. */
    public static List<PollWindow> covering(Instant since, Instant now) {
        return new PollWindows(Duration.ZERO, Duration.ZERO).between(Optional.of(since), now);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
