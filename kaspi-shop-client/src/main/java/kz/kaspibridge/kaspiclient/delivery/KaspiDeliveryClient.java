package kz.kaspibridge.kaspiclient.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import kz.kaspibridge.kaspiclient.KaspiApiException;
import kz.kaspibridge.kaspiclient.internal.InFlightPermits;
import kz.kaspibridge.kaspiclient.internal.KaspiHttp;
import kz.kaspibridge.kaspiclient.internal.RetryPlan.Safety;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;
import reactor.core.publisher.Mono;

/**
 * The reactive client of the Kaspi Delivery API ({@code /v1/deliveries}). Booking always carries
 * an {@code Idempotency-Key}, which makes it safe to retry: Kaspi answers a reused key with the
 * original delivery. A 409 on cancel (already in transit) is {@link KaspiApiException.Rejected}.
 * One request is in flight per API key (by default), shared by every client in the JVM that uses
 * the key; the others wait in line.
 */
public final class KaspiDeliveryClient {

    private final KaspiHttp http;
    private final String apiKey;

    public KaspiDeliveryClient(DeliveryClientSettings settings, MeterRegistry meters) {
        this(settings, meters, Clock.systemUTC());
    }

    /** @param clock reads an HTTP-date {@code Retry-After} */
    public KaspiDeliveryClient(DeliveryClientSettings settings, MeterRegistry meters, Clock clock) {
        WebClient webClient = KaspiHttp.webClient(settings.baseUrl(), settings.connectTimeout(),
                settings.responseTimeout(), MediaType.APPLICATION_JSON_VALUE, settings.userAgent());
        this.http = new KaspiHttp(webClient, "delivery", settings.baseUrl(), settings.retry(), settings.rateLimit(),
                meters, clock);
        this.apiKey = settings.apiKey();
    }

    /** The permits this client's API key shares in the JVM; for tests. */
    InFlightPermits permits() {
        return http.permitsOf(apiKey);
    }

    /** @param idempotencyKey use the order code: one delivery per order, however often this is retried */
    public Mono<Delivery> book(String idempotencyKey, DeliveryRequest request) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return Mono.error(new IllegalArgumentException("an Idempotency-Key is required"));
        }
        Map<String, Object> body = body(request);
        return http.execute(new KaspiHttp.Call("delivery.book", apiKey, Safety.IDEMPOTENT,
                client -> client.post().uri("/v1/deliveries")
                        .header("x-api-key", apiKey)
                        .header("Idempotency-Key", idempotencyKey)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)), KaspiDeliveryClient::delivery);
    }

    public Mono<Delivery> get(DeliveryId id) {
        return http.execute(new KaspiHttp.Call("delivery.get", apiKey, Safety.IDEMPOTENT,
                client -> client.get().uri("/v1/deliveries/{id}", id.value()).header("x-api-key", apiKey)),
                KaspiDeliveryClient::delivery);
    }

    /**
     * Cancelling twice is harmless, so this retries like a read.
     *
     * @param idempotencyKey as the docs show, {@code <order code>-cancel}: one cancel per order however often it is
     *                       retried
     */
    public Mono<Delivery> cancel(DeliveryId id, String idempotencyKey, String reason) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return Mono.error(new IllegalArgumentException("an Idempotency-Key is required"));
        }
        Map<String, Object> body = reason == null ? Map.of() : Map.of("reason", reason);
        return http.execute(new KaspiHttp.Call("delivery.cancel", apiKey, Safety.IDEMPOTENT,
                client -> client.post().uri("/v1/deliveries/{id}/cancel", id.value())
                        .header("x-api-key", apiKey)
                        .header("Idempotency-Key", idempotencyKey)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)), KaspiDeliveryClient::delivery);
    }

    private static Map<String, Object> body(DeliveryRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("externalOrderId", request.externalOrderId());
        body.put("pickup", place(request.pickup()));
        body.put("dropoff", place(request.dropoff()));
        if (request.parcel() != null) {
            body.put("parcel", Map.of("description", request.parcel().description(),
                    "weightGrams", request.parcel().weightGrams(), "valueKzt", request.parcel().valueKzt()));
        }
        return body;
    }

    private static Map<String, Object> place(DeliveryRequest.Place place) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("address", place.address());
        if (place.contact() != null) {
            body.put("contact", Map.of("name", place.contact().name(), "phone", place.contact().phone()));
        }
        if (place.notes() != null) {
            body.put("notes", place.notes());
        }
        return body;
    }

    private static Delivery delivery(JsonNode body) {
        JsonNode eta = body.path("eta");
        return new Delivery(
                new DeliveryId(body.path("deliveryId").asString()),
                DeliveryStatus.fromWire(body.path("status").asString()),
                body.path("trackingUrl").isString() ? body.path("trackingUrl").asString() : null,
                eta.path("pickupBy").isString() ? Instant.parse(eta.path("pickupBy").asString()) : null,
                eta.path("deliveryBy").isString() ? Instant.parse(eta.path("deliveryBy").asString()) : null,
                body.path("externalOrderId").isString() ? body.path("externalOrderId").asString() : null,
                body.path("updatedAt").isString() ? Instant.parse(body.path("updatedAt").asString()) : null);
    }
}
