package kz.kaspibridge.webhookingress.intake;

import java.util.List;
import java.util.Objects;

/**
 * One merchant's webhook endpoint: its path and the decoded keys that may sign for it (several
 * while a secret rotates).
 */
public record MerchantEndpoint(String merchantId, String path, List<byte[]> keys) {

    public MerchantEndpoint {
        Objects.requireNonNull(merchantId, "merchantId");
        Objects.requireNonNull(path, "path");
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("merchant " + merchantId + " has no webhook secret");
        }
    }

    /** The deduplication key: eventIds are Kaspi's, so scope them per merchant. */
    public String dedupKey(String eventId) {
        return dedupKey(merchantId, eventId);
    }

    /** The same key, from the merchant id and eventId a stored record carries. */
    public static String dedupKey(String merchantId, String eventId) {
        return merchantId + ":" + eventId;
    }

    @Override
    public String toString() {
        return "MerchantEndpoint[merchantId=" + merchantId + ", path=" + path + ", keys=" + keys.size() + "]";
    }
}
