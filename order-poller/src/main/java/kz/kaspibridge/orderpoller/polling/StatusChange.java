package kz.kaspibridge.orderpoller.polling;

import java.util.Objects;

/** Kaspi moved a tracked order to another status or state. */
public sealed interface StatusChange permits StatusChange.Progressed, StatusChange.Closed {

    OrderSnapshot previous();

    OrderSnapshot current();

    /** The change, or nothing when the order stands where it stood. */
    static java.util.Optional<StatusChange> between(OrderSnapshot previous, OrderSnapshot current) {
        if (previous.sameStanding(current)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(current.status().isFinal()
                ? new Closed(previous, current) : new Progressed(previous, current));
    }

    /** Still open: keep tracking it with its new standing. */
    record Progressed(OrderSnapshot previous, OrderSnapshot current) implements StatusChange {
        public Progressed {
            requireSameOrder(previous, current);
        }
    }

    /** Final (completed, cancelled, returned): stop tracking it. */
    record Closed(OrderSnapshot previous, OrderSnapshot current) implements StatusChange {
        public Closed {
            requireSameOrder(previous, current);
            if (!current.status().isFinal()) {
                throw new IllegalArgumentException("not a final status: " + current.status());
            }
        }
    }

    private static void requireSameOrder(OrderSnapshot previous, OrderSnapshot current) {
        if (!Objects.equals(previous.code(), current.code())) {
            throw new IllegalArgumentException("a change must concern one order");
        }
    }
}
