package kz.kaspibridge.pricelist.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * HTTP Basic credentials per merchant: the file and its report are the merchant's, and Kaspi is given the
 * user and password with the URL. A merchant without credentials is open.
 */
final class FeedAccess {

    private final Map<String, byte[]> expected;

    /** @param credentials {@code user:password} per merchant id, for the merchants that require it */
    FeedAccess(Map<String, String> credentials) {
        this.expected = Map.copyOf(credentials.entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, e -> e.getValue().getBytes(StandardCharsets.UTF_8))));
    }

    /** Whether {@code authorization} (the header, maybe null) lets its sender read the merchant's file. */
    boolean allows(String merchantId, String authorization) {
        byte[] wanted = expected.get(merchantId);
        if (wanted == null) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(authorization.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        // Constant time: how much of a guess was right must not show in the answer's timing.
        return MessageDigest.isEqual(wanted, given);
    }
}
