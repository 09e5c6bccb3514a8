package kz.kaspibridge.orderpoller.polling;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A creation-date window, both ends inclusive, as Kaspi's {@code $ge}/{@code $le} filters take it. */
public record PollWindow(Instant from, Instant to) {

    /** Kaspi refuses wider windows with 400 "Exceeded the maximum difference between dates". */
    public static final Duration MAX_SPAN = Duration.ofDays(14);

    public PollWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("window ends before it starts: " + from + ".." + to);
        }
        if (Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
            throw new IllegalArgumentException("window wider than 14 days: " + from + ".." + to);
        }
    }
}
