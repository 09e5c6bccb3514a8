package kz.kaspibridge.orderpoller.polling;

import java.time.Instant;
import java.util.Objects;

/**
 * A range of creation dates to list, of any width. Cutting it into Kaspi's windows (at most 14
 * days, and where one ends and the next begins) is the Kaspi adapter's job, done by one rule in
 * kaspi-shop-client; the domain only says which dates it needs.
 */
public record CreationRange(Instant from, Instant to) {

    public CreationRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("range ends before it starts: " + from + ".." + to);
        }
    }
}
