package kz.kaspibridge.pricelist.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When each merchant's file is next rebuilt. A change waits for the debounce window to pass with no further
 * change, so a burst gives one build; but never longer than the staleness bound after the first change not yet
 * built, so a constant stream of changes still publishes.
 *
 * <p>Not thread-safe: the thread that applies records asks it.
 */
public final class RebuildSchedule {

    private final Duration debounce;
    private final Duration maxStaleness;
    private final Map<MerchantId, Pending> pending = new HashMap<>();

    /** @param forced asked for by an operator: due at once, whatever the debounce */
    private record Pending(Instant first, Instant last, boolean forced) {
    }

    public RebuildSchedule(Duration debounce, Duration maxStaleness) {
        if (debounce.isNegative() || maxStaleness.compareTo(debounce) < 0) {
            throw new IllegalArgumentException("need 0 <= debounce (" + debounce + ") <= max staleness ("
                    + maxStaleness + ")");
        }
        this.debounce = debounce;
        this.maxStaleness = maxStaleness;
    }

    /** A change to {@code merchant}'s catalog was read at {@code now}. */
    public void changed(MerchantId merchant, Instant now) {
        pending.merge(merchant, new Pending(now, now, false),
                (old, fresh) -> new Pending(old.first(), now, old.forced()));
    }

    /**
     * An operator asked for {@code merchant}'s file to be rebuilt ({@code kaspi-ops rebuild-feed}): due at once,
     * with any change already waiting, through the same path as every other build.
     */
    public void requested(MerchantId merchant, Instant now) {
        pending.merge(merchant, new Pending(now, now, true), (old, fresh) -> new Pending(old.first(), old.last(), true));
    }

    /** The merchants whose build is due at {@code now}, taken off the schedule; in merchant order. */
    public List<MerchantId> due(Instant now) {
        List<MerchantId> due = new ArrayList<>();
        pending.forEach((merchant, p) -> {
            if (!dueAt(p).isAfter(now)) {
                due.add(merchant);
            }
        });
        due.forEach(pending::remove);
        due.sort(null);
        return due;
    }

    /** The earliest time a build falls due, if any change is waiting. */
    public Optional<Instant> next() {
        return pending.values().stream().map(this::dueAt).min(Instant::compareTo);
    }

    private Instant dueAt(Pending p) {
        if (p.forced()) {
            return p.first();
        }
        Instant quiet = p.last().plus(debounce);
        Instant bound = p.first().plus(maxStaleness);
        return quiet.isBefore(bound) ? quiet : bound;
    }
}
