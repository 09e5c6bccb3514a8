package kz.kaspibridge.pricelist.feed;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import kz.kaspibridge.pricelist.catalog.MerchantId;

/**
 * The one place HTTP readers and the build thread meet: the file served per merchant, its report, and how long
 * the served file has lagged behind the catalog. Each value is replaced whole (an atomic reference swap), so a
 * reader sees one build or the next, never a mix.
 */
public final class ServedFeeds {

    private final Map<MerchantId, FeedReport> reports = new ConcurrentHashMap<>();
    private final Map<MerchantId, Instant> behindSince = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;

    public Optional<Feed> feed(MerchantId merchant) {
        return report(merchant).map(FeedReport::served);
    }

    public Optional<FeedReport> report(MerchantId merchant) {
        return Optional.ofNullable(reports.get(merchant));
    }

    public Set<MerchantId> merchants() {
        return new TreeSet<>(reports.keySet());
    }

    void put(FeedReport report) {
        reports.put(report.merchant(), report);
    }

    /** A change was read that the served file does not show yet. */
    public void changed(MerchantId merchant, Instant at) {
        behindSince.putIfAbsent(merchant, at);
    }

    /** A build that read every change so far was served (or found unchanged). */
    void upToDate(MerchantId merchant) {
        behindSince.remove(merchant);
    }

    /** Since when the served file has lagged behind the catalog; empty while it shows every change read. */
    public Optional<Instant> behindSince(MerchantId merchant) {
        return Optional.ofNullable(behindSince.get(merchant));
    }

    /** Whether the catalog was read to its end since start-up and every merchant's file built from it. */
    public boolean caughtUp() {
        return caughtUp;
    }

    public void caughtUp(boolean value) {
        caughtUp = value;
    }
}
