package kz.kaspibridge.deploy.resilience;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import kz.kaspibridge.schemas.webhooks.WebhookSignatures;

/**
 * Kaspi's side of the delivery webhooks, by hand: bodies as Kaspi sends them, signed per Standard Webhooks with the
 * ingress's secret (or not, or badly), POSTed over HTTP/1.1. An answer is its status code; a request that got no
 * answer at all (refused, reset, timed out) is {@link #NO_ANSWER}.
 */
final class WebhookPoster {

    static final int NO_ANSWER = -1;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI url;
    private final byte[] key;

    WebhookPoster(String url, String secret) {
        this.url = URI.create(url);
        this.key = WebhookSignatures.decodeSecret(secret);
    }

    /** A well-formed delivery webhook body. */
    static String body(String eventId, String orderCode, String deliveryId, String status) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"delivery." + status + "\",\"attempt\":1,\"data\":{"
                + "\"deliveryId\":\"" + deliveryId + "\",\"externalOrderId\":\"" + orderCode + "\",\"status\":\""
                + status + "\",\"timestamp\":\"" + Instant.now() + "\"}}";
    }

    /** Signed now with the right key, as JSON. */
    int post(String id, String body) {
        return post(id, body.getBytes(StandardCharsets.UTF_8), Instant.now().getEpochSecond(), "application/json",
                true);
    }

    /** Signed (with the right key, at {@code timestamp}) or not, with the given content type. */
    int post(String id, byte[] body, long timestamp, String contentType, boolean signed) {
        return post(id, body, timestamp, contentType, signed ? signature(id, timestamp, body)
                : "v1," + Base64.getEncoder().encodeToString(new byte[32]));
    }

    /** The {@code webhook-signature} header for these bytes, with the right key. */
    String signature(String id, long timestamp, byte[] body) {
        return WebhookSignatures.sign(key, id, timestamp, body);
    }

    /** With the given signature header, whatever it signs. */
    int post(String id, byte[] body, long timestamp, String contentType, String signature) {
        return send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(15))
                .header("content-type", contentType)
                .header(WebhookSignatures.ID_HEADER, id)
                .header(WebhookSignatures.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignatures.SIGNATURE_HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** Any request, as built (missing headers, odd methods). */
    int send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI url() {
        return url;
    }
}
