package kz.kaspibridge.orderpoller.merchants;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import kz.kaspibridge.orderpoller.polling.MerchantId;

/** How each merchant this instance owns is doing, for the health endpoint. */
public final class MerchantHealth {

    public enum Condition {
        STARTING, HEALTHY, FAILING,
        /** Kaspi answered 401: the token is revoked or wrong, and only a human can fix it. */
        UNAUTHORIZED
    }

    public record Standing(Condition condition, Instant since, Instant lastSuccess, int consecutiveFailures,
                           String lastError) {
    }

    private final Map<MerchantId, Standing> standings = new ConcurrentHashMap<>();

    void starting(MerchantId merchant, Instant at) {
        standings.put(merchant, new Standing(Condition.STARTING, at, null, 0, null));
    }

    void succeeded(MerchantId merchant, Instant at) {
        standings.compute(merchant, (m, old) -> new Standing(Condition.HEALTHY,
                old != null && old.condition() == Condition.HEALTHY ? old.since() : at, at, 0, null));
    }

    void failed(MerchantId merchant, Condition condition, String error, Instant at) {
        standings.compute(merchant, (m, old) -> new Standing(condition,
                old != null && old.condition() == condition ? old.since() : at,
                old == null ? null : old.lastSuccess(), old == null ? 1 : old.consecutiveFailures() + 1, error));
    }

    void released(MerchantId merchant) {
        standings.remove(merchant);
    }

    /** Sorted by merchant id, for a stable health document. */
    public Map<String, Standing> snapshot() {
        Map<String, Standing> sorted = new TreeMap<>();
        standings.forEach((merchant, standing) -> sorted.put(merchant.value(), standing));
        return sorted;
    }
}
