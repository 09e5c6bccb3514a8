package kz.kaspibridge.sandbox.delivery;

import java.time.Instant;

/** @param cancelIdempotencyKey the {@code Idempotency-Key} of the first cancel call, or null */
public record DeliverySnapshot(String deliveryId, String externalOrderId, String idempotencyKey,
                               DeliveryStatus status, String trackingUrl, Instant pickupBy, Instant deliveryBy,
                               Instant createdAt, Instant updatedAt, String cancelIdempotencyKey) {
}
