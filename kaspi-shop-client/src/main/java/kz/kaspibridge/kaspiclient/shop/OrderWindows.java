package kz.kaspibridge.kaspiclient.shop;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a creation-date range into Kaspi's windows: at most {@code maxSpan} from {@code $ge} to
 * {@code $le}, both inclusive, in milliseconds. Windows touch without overlapping (the next starts
 * 1 ms after the previous ends), so no order is listed twice and none is missed.
 */
public final class OrderWindows {

    /** One window, inclusive at both ends. */
    public record Window(Instant from, Instant to) {
    }

    private OrderWindows() {
    }

    public static List<Window> split(Instant from, Instant to, Duration maxSpan) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to is before from");
        }
        Instant start = from.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Instant end = to.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
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
}
