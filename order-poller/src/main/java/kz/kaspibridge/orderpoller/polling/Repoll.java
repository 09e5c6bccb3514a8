package kz.kaspibridge.orderpoller.polling;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An operator's request to poll a merchant again from an earlier time, and the rule deciding whether the owner
 * applies it. Applying means moving the cursor back to {@code from} in the owner's own transaction: only the owner
 * ever moves a cursor, and the seen set still drops every order already emitted, so a re-poll costs Kaspi calls
 * and never a duplicate.
 */
public final class Repoll {

    /**
     * @param from        poll again from orders created at this time (the poll starts the overlap before it)
     * @param requestedAt when the operator asked; it orders requests, so an old one never undoes a newer one
     */
    public record Request(Instant from, Instant requestedAt) {
        public Request {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(requestedAt, "requestedAt");
        }
    }

    /** What became of a request; the metric's {@code outcome} tag, so a fixed set. */
    public enum Outcome {
        /** The cursor was moved back. */
        APPLIED,
        /** The request applied last (read again after a restart or a failover): nothing to do, not counted. */
        ALREADY_APPLIED,
        /** Older than the request applied last. */
        STALE,
        /** {@code from} is in the future: it would skip every order until then. */
        FUTURE,
        /** {@code from} is not before the cursor: moving the cursor there would skip orders, never re-read them. */
        NOT_EARLIER,
        /** Keyed by a merchant this poller is not configured with. */
        UNKNOWN_MERCHANT,
        /** Not a request at all (written by hand, or by a newer tool in a shape this version cannot read). */
        MALFORMED;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private Repoll() {
    }

    /**
     * @param cursor      the merchant's cursor now (empty before its first completed poll)
     * @param lastApplied {@code requestedAt} of the request applied last, kept beside the cursor
     */
    public static Outcome judge(Request request, Optional<Instant> cursor, Optional<Instant> lastApplied,
                                Instant now) {
        if (lastApplied.isPresent() && request.requestedAt().equals(lastApplied.get())) {
            return Outcome.ALREADY_APPLIED;
        }
        if (lastApplied.isPresent() && request.requestedAt().isBefore(lastApplied.get())) {
            return Outcome.STALE;
        }
        if (request.from().isAfter(now)) {
            return Outcome.FUTURE;
        }
        // No cursor yet: the first poll looks back first-start-lookback anyway, and a cursor only moves back.
        if (cursor.isEmpty() || !request.from().isBefore(cursor.get())) {
            return Outcome.NOT_EARLIER;
        }
        return Outcome.APPLIED;
    }
}
