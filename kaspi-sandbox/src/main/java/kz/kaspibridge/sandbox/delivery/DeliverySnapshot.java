package kz.kaspibridge.sandbox.delivery;

import java.time.Instant;

public record DeliverySnapshot(String deliveryId, String externalOrderId, String idempotencyKey,
                               DeliveryStatus status, String trackingUrl, Instant pickupBy, Instant deliveryBy,
                               Instant createdAt, Instant updatedAt) {
}
