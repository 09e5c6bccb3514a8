package kz.kaspibridge.webhookingress.intake;

import java.time.Instant;
import java.util.Objects;

/**
 * A schema-valid Kaspi delivery webhook of a known type.
 *
 * @param orderCode {@code data.externalOrderId}: the merchant's order code, the Kafka key
 */
public record DeliveryWebhook(String eventId, String type, int attempt, String deliveryId, String orderCode,
        DeliveryState status, Instant statusAt) {

    public DeliveryWebhook {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(orderCode, "orderCode");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(statusAt, "statusAt");
    }
}
