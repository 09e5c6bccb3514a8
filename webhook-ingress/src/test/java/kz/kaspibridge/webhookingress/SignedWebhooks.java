package kz.kaspibridge.webhookingress;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import kz.kaspibridge.schemas.webhooks.WebhookSignatures;

/** Test data: delivery webhook bodies and their Standard Webhooks headers, signed with fake secrets. */
public final class SignedWebhooks {

    /** Obviously fake secrets (the key bytes spell what they are). */
    public static final String OLD_SECRET = fake("fake-old-test-secret-not-real");
    public static final String NEW_SECRET = fake("fake-new-test-secret-not-real");
    public static final String OTHER_MERCHANT_SECRET = fake("fake-other-merchant-secret-nope");

    private SignedWebhooks() {
    }

    public static String fake(String text) {
        return "whsec_" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String uniqueEventId() {
        return "wh_" + UUID.randomUUID().toString().replace("-", "");
    }

    public static String body(String eventId, String orderCode, String status) {
        return body(eventId, "delivery." + status, orderCode, status);
    }

    public static String body(String eventId, String type, String orderCode, String status) {
        return """
                {"eventId":"%s","type":"%s","attempt":1,"data":{"deliveryId":"dlv_01hfz18tnb7tqw",\
                "externalOrderId":"%s","status":"%s","timestamp":"2024-06-12T11:05:22Z"}}"""
                .formatted(eventId, type, orderCode, status);
    }

    /** A body padded with an extra field to about {@code size} bytes (extra fields are tolerated). */
    public static String bodyOfSize(String eventId, String orderCode, int size) {
        String base = body(eventId, orderCode, "in_transit");
        int pad = Math.max(0, size - base.length() - 12);
        return base.substring(0, base.length() - 1) + ",\"note\":\"" + "x".repeat(pad) + "\"}";
    }

    /** The three headers for {@code body}, signed with {@code secret} at {@code at}. */
    public static Headers sign(String secret, String webhookId, Instant at, String body) {
        long ts = at.getEpochSecond();
        String signature = WebhookSignatures.sign(WebhookSignatures.decodeSecret(secret), webhookId, ts,
                body.getBytes(StandardCharsets.UTF_8));
        return new Headers(webhookId, Long.toString(ts), signature);
    }

    public record Headers(String id, String timestamp, String signature) {
        public Headers withSignature(String other) {
            return new Headers(id, timestamp, other);
        }
    }
}
