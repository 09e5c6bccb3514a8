package kz.kaspibridge.webhookingress.dedup;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Which parts of each webhook are known to be stored, by dedup key ({@code merchantId:eventId}).
 * A webhook counts as stored only when every record its intake writes is there: the archived
 * request always, and the status report too when the request is a known delivery event. So a
 * write that half failed (one record acknowledged, the other not, answered 503) does not hide the
 * retry that stores it whole.
 *
 * <p>The records arrive from two topics, in any order, possibly twice; every update is a merge.
 */
final class StoredEventIndex {

    /** What is known of one webhook; {@code at} is the earliest record time, for forgetting. */
    private record Parts(boolean report, boolean archive, boolean reportExpected, long at) {

        boolean complete() {
            return archive && (report || !reportExpected);
        }

        Parts merge(Parts other) {
            return new Parts(report || other.report, archive || other.archive, reportExpected || other.reportExpected,
                    Math.min(at, other.at));
        }
    }

    private final ConcurrentHashMap<String, Parts> byKey = new ConcurrentHashMap<>();

    /** A status report was read. */
    void report(String dedupKey, long at) {
        merge(dedupKey, new Parts(true, false, false, at));
    }

    /** An archived request was read; {@code reportExpected} if it is a known delivery event. */
    void archive(String dedupKey, boolean reportExpected, long at) {
        merge(dedupKey, new Parts(false, true, reportExpected, at));
    }

    /** Every record of this webhook was acknowledged to this instance. */
    void stored(String dedupKey, long at) {
        merge(dedupKey, new Parts(true, true, false, at));
    }

    boolean isStored(String dedupKey) {
        Parts parts = byKey.get(dedupKey);
        return parts != null && parts.complete();
    }

    /** Keys held, whole or partial. */
    int size() {
        return byKey.size();
    }

    /** Drops keys whose first record is older than {@code oldest} (epoch millis). */
    void forgetBefore(long oldest) {
        byKey.values().removeIf(parts -> parts.at() < oldest);
    }

    private void merge(String dedupKey, Parts parts) {
        byKey.merge(dedupKey, parts, Parts::merge);
    }
}
