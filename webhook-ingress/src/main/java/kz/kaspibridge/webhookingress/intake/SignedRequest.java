package kz.kaspibridge.webhookingress.intake;

import java.util.Map;
import java.util.Objects;

/**
 * One request as received: the Standard Webhooks headers (any may be missing), the raw body the
 * signature covers, the headers to archive verbatim, and the source used for rate limiting.
 */
public record SignedRequest(String webhookId, String timestamp, String signature, byte[] body,
        Map<String, String> archivedHeaders, String source) {

    public SignedRequest {
        Objects.requireNonNull(body, "body");
        archivedHeaders = Map.copyOf(archivedHeaders);
        source = source == null ? "unknown" : source;
    }
}
