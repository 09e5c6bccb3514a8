package kz.kaspibridge.kaspiclient.shop;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The one rule for Kaspi's creation-date windows: at most {@code maxSpan} from {@code $ge} to
 * {@code $le}, both inclusive, in milliseconds (Kaspi's resolution). Windows touch without
 * overlapping (the next starts 1 ms after the previous ends), so an order created exactly on a
 * boundary is listed by one window only, and none falls between two.
 *
 * <p>The 14-day limit is on a window's width, not its age: an order of any age is listed by a window
 * around its creation date, which is how status sync refreshes old open orders without one lookup each.
 */
public final class OrderWindows {

    /** One window, inclusive at both ends, in whole milliseconds. */
    public record Window(Instant from, Instant to) {
        public Window {
            if (from == null || to == null || to.isBefore(from)) {
                throw new IllegalArgumentException("a window needs from <= to");
            }
        }

        /** Whether Kaspi lists an order created at {@code creationDate} in this window. */
        public boolean contains(Instant creationDate) {
            Instant at = millis(creationDate);
            return !at.isBefore(from) && !at.isAfter(to);
        }

        public Duration span() {
            return Duration.between(from, to);
        }
    }

    private OrderWindows() {
    }

    /** Every creation date from {@code from} to {@code to}, in touching windows of at most {@code maxSpan}. */
    public static List<Window> split(Instant from, Instant to, Duration maxSpan) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to is before from");
        }
        Instant start = millis(from);
        Instant end = millis(to);
        List<Window> windows = new ArrayList<>();
        while (true) {
            Instant windowEnd = start.plus(maxSpan);
            if (!windowEnd.isBefore(end)) {
                windows.add(new Window(start, end));
                return windows;
            }
            windows.add(new Window(start, windowEnd));
            start = windowEnd.plusMillis(1);
        }
    }

    /**
     * The fewest windows of at most {@code maxSpan} that hold every one of {@code creationDates}:
     * each starts at the oldest date the previous ones left out, so empty stretches (a quiet month
     * between two busy weeks) cost no call. Sorted, not overlapping; empty for no dates.
     */
    public static List<Window> covering(Collection<Instant> creationDates, Duration maxSpan) {
        List<Instant> dates = creationDates.stream().map(OrderWindows::millis).sorted().toList();
        List<Window> windows = new ArrayList<>();
        Window current = null;
        for (Instant date : dates) {
            if (current == null || date.isAfter(current.to())) {
                current = new Window(date, date.plus(maxSpan));
                windows.add(current);
            }
        }
        return windows;
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
