package kz.kaspibridge.sandbox.calls;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Kaspi's rule of one request in flight per token (per API key on the Delivery API), and the
 * measurement behind it: the highest concurrency each credential reached, and how many requests
 * were refused for it. When not enforced, concurrency is still measured, nothing is refused.
 */
public final class InFlightLimit {

    /** The label the Delivery API key is counted under. */
    public static final String DELIVERY_LABEL = "delivery-api";

    /** One request let in (or not); {@link #leave()} it exactly when its answer is decided. */
    public interface Admission {
        boolean admitted();

        /** Idempotent: the second call, and any call on a refused admission, does nothing. */
        void leave();
    }

    private final int maxInFlight;
    private final boolean enforced;
    private final Map<String, Credential> credentials = new ConcurrentHashMap<>();

    public InFlightLimit(int maxInFlight, boolean enforced) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        this.maxInFlight = maxInFlight;
        this.enforced = enforced;
    }

    public boolean enforced() {
        return enforced;
    }

    public Admission enter(String credential) {
        Credential state = credentials.computeIfAbsent(credential, Credential::new);
        boolean admitted = state.enter(enforced ? maxInFlight : Integer.MAX_VALUE);
        AtomicBoolean left = new AtomicBoolean(!admitted);
        return new Admission() {
            @Override
            public boolean admitted() {
                return admitted;
            }

            @Override
            public void leave() {
                if (left.compareAndSet(false, true)) {
                    state.leave();
                }
            }
        };
    }

    /** Every credential seen since the last reset, by label, sorted. */
    public Map<String, ConcurrencyStats> stats() {
        Map<String, ConcurrencyStats> stats = new TreeMap<>();
        credentials.forEach((label, state) -> stats.put(label, state.stats()));
        return stats;
    }

    /** Forgets the highest values and refusals; requests still in flight stay counted. */
    public void reset() {
        credentials.values().forEach(Credential::reset);
    }

    private static final class Credential {
        private final String label;
        private int inFlight;
        private int highest;
        private long rejected;

        Credential(String label) {
            this.label = label;
        }

        // The refused request counts towards the highest concurrency: that is the regression to see.
        synchronized boolean enter(int limit) {
            highest = Math.max(highest, inFlight + 1);
            if (inFlight >= limit) {
                rejected++;
                return false;
            }
            inFlight++;
            return true;
        }

        synchronized void leave() {
            inFlight--;
        }

        synchronized ConcurrencyStats stats() {
            return new ConcurrencyStats(label, inFlight, highest, rejected);
        }

        synchronized void reset() {
            highest = inFlight;
            rejected = 0;
        }
    }
}
