package kz.kaspibridge.schemas.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature scheme (https://www.standardwebhooks.com): the header
 * {@code webhook-signature} holds space-separated {@code v1,<base64 HMAC-SHA256>} over
 * {@code "{webhook-id}.{webhook-timestamp}.{raw body}"}, keyed with a {@code whsec_} secret.
 *
 * <p>The sender (kaspi-sandbox) and the receiver (webhook-ingress) share this one implementation,
 * so the scheme cannot drift between them.
 */
public final class WebhookSignatures {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    private static final String SECRET_PREFIX = "whsec_";
    private static final String VERSION = "v1";

    private WebhookSignatures() {
    }

    /** A secret as configured: {@code whsec_} plus base64 key bytes. */
    public static byte[] decodeSecret(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("webhook secret is empty");
        }
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        try {
            byte[] key = Base64.getDecoder().decode(encoded.trim());
            if (key.length < 16) {
                throw new IllegalArgumentException("webhook secret is shorter than 16 bytes");
            }
            return key;
        } catch (IllegalArgumentException e) {
            // Never echo the secret itself.
            throw new IllegalArgumentException("webhook secret is not whsec_<base64>: " + e.getMessage());
        }
    }

    /** The header value for one key: {@code v1,<base64>}. */
    public static String sign(byte[] key, String id, long timestampSeconds, byte[] body) {
        return VERSION + "," + Base64.getEncoder().encodeToString(mac(key, id, Long.toString(timestampSeconds), body));
    }

    /**
     * True when any {@code v1} signature in the header matches any of the keys. Compares in
     * constant time per candidate, and over the raw bytes: the body must not be re-encoded first.
     */
    public static boolean verify(List<byte[]> keys, String id, String timestamp, byte[] body, String signatureHeader) {
        if (id == null || timestamp == null || body == null || signatureHeader == null || keys.isEmpty()) {
            return false;
        }
        boolean matched = false;
        for (byte[] key : keys) {
            byte[] expected = mac(key, id, timestamp, body);
            for (String candidate : signatureHeader.trim().split(" +")) {
                int comma = candidate.indexOf(',');
                if (comma < 0 || !VERSION.equals(candidate.substring(0, comma))) {
                    continue;
                }
                byte[] presented;
                try {
                    presented = Base64.getDecoder().decode(candidate.substring(comma + 1));
                } catch (IllegalArgumentException notBase64) {
                    continue;
                }
                // Keep looping after a match so timing does not reveal which key or signature matched.
                matched |= MessageDigest.isEqual(expected, presented);
            }
        }
        return matched;
    }

    private static byte[] mac(byte[] key, String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
