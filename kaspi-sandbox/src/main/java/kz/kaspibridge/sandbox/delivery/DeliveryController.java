package kz.kaspibridge.sandbox.delivery;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import kz.kaspibridge.sandbox.calls.CallCounters;
import kz.kaspibridge.sandbox.calls.CallKind;
import kz.kaspibridge.sandbox.config.KaspiSandboxProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The Kaspi Delivery API: book (idempotent by key), read, cancel before pickup. */
@RestController
@RequestMapping("/delivery/v1/deliveries")
class DeliveryController {

    private static final Logger log = LoggerFactory.getLogger(DeliveryController.class);

    private final DeliveryBook book;
    private final DeliveryLifecycle lifecycle;
    private final CallCounters counters;
    private final byte[] apiKey;

    DeliveryController(DeliveryBook book, DeliveryLifecycle lifecycle, CallCounters counters,
                       KaspiSandboxProperties properties) {
        this.book = book;
        this.lifecycle = lifecycle;
        this.counters = counters;
        this.apiKey = properties.delivery().apiKey().getBytes(StandardCharsets.UTF_8);
    }

    @PostMapping
    ResponseEntity<Object> create(@RequestHeader(name = "x-api-key", required = false) String key,
                                  @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                  @RequestBody(required = false) JsonNode body) {
        if (!authorized(key)) {
            return unauthorized();
        }
        // Counted before validation: a test can prove a refused booking was not sent again.
        counters.increment(CallKind.DELIVERY_BOOK, body != null && body.path("externalOrderId").isString()
                ? body.path("externalOrderId").asString() : "(none)");
        Optional<String> invalid = invalid(body);
        if (invalid.isPresent()) {
            return error(HttpStatus.BAD_REQUEST, "validation_failed", invalid.get());
        }
        String externalOrderId = body.path("externalOrderId").asString();
        DeliveryBook.Booking booking = book.book(blankToNull(idempotencyKey), externalOrderId);
        if (!booking.replayed()) {
            counters.increment(CallKind.DELIVERY_CREATED, externalOrderId);
            lifecycle.booked(booking.delivery());
        }
        log.info("delivery booked deliveryId={} externalOrderId={} replayed={}", booking.delivery().deliveryId(),
                externalOrderId, booking.replayed());
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Idempotent-Replayed", Boolean.toString(booking.replayed()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(created(booking.delivery()));
    }

    @GetMapping("/{id}")
    ResponseEntity<Object> get(@RequestHeader(name = "x-api-key", required = false) String key,
                               @PathVariable String id) {
        if (!authorized(key)) {
            return unauthorized();
        }
        return book.find(id)
                .map(delivery -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body((Object) full(delivery)))
                .orElseGet(() -> error(HttpStatus.NOT_FOUND, "not_found", "Delivery not found"));
    }

    @PostMapping("/{id}/cancel")
    ResponseEntity<Object> cancel(@RequestHeader(name = "x-api-key", required = false) String key,
                                  @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                  @PathVariable String id) {
        if (!authorized(key)) {
            return unauthorized();
        }
        counters.increment(CallKind.DELIVERY_CANCEL, id);
        Optional<DeliverySnapshot> before = book.find(id);
        Optional<Boolean> cancelled = book.cancel(id, blankToNull(idempotencyKey));
        if (cancelled.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "not_found", "Delivery not found");
        }
        if (!cancelled.get()) {
            return error(HttpStatus.CONFLICT, "conflict", "Delivery already in transit");
        }
        DeliverySnapshot after = book.find(id).orElseThrow();
        if (before.map(b -> b.status() != DeliveryStatus.CANCELLED).orElse(false)) {
            lifecycle.cancelled(after);
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(full(after));
    }

    private boolean authorized(String key) {
        return key != null && MessageDigest.isEqual(apiKey, key.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> invalid(JsonNode body) {
        if (body == null || !body.isObject()) {
            return Optional.of("Request body must be a JSON object");
        }
        if (!body.path("externalOrderId").isString() || body.path("externalOrderId").asString().isBlank()) {
            return Optional.of("externalOrderId is required");
        }
        for (String place : new String[] {"pickup", "dropoff"}) {
            if (!body.path(place).path("address").isString() || body.path(place).path("address").asString().isBlank()) {
                return Optional.of(place + ".address is required");
            }
        }
        JsonNode weight = body.path("parcel").path("weightGrams");
        if (!weight.isMissingNode() && (!weight.isNumber() || weight.asLong() <= 0)) {
            return Optional.of("parcel.weightGrams must be a positive integer");
        }
        return Optional.empty();
    }

    private static Map<String, Object> created(DeliverySnapshot delivery) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deliveryId", delivery.deliveryId());
        body.put("status", delivery.status().wireName());
        body.put("trackingUrl", delivery.trackingUrl());
        body.put("eta", Map.of("pickupBy", delivery.pickupBy().toString(),
                "deliveryBy", delivery.deliveryBy().toString()));
        return body;
    }

    private static Map<String, Object> full(DeliverySnapshot delivery) {
        Map<String, Object> body = created(delivery);
        body.put("externalOrderId", delivery.externalOrderId());
        body.put("createdAt", delivery.createdAt().toString());
        body.put("updatedAt", delivery.updatedAt().toString());
        return body;
    }

    private static ResponseEntity<Object> unauthorized() {
        return error(HttpStatus.UNAUTHORIZED, "unauthorized", "Missing or invalid x-api-key");
    }

    private static ResponseEntity<Object> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", code, "message", message));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
