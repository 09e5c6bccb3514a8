package kz.kaspibridge.sandbox.webhooks;

import java.time.Instant;

/** What a delivery webhook reports: the {@code data} block of the payload. */
public record DeliveryEvent(String deliveryId, String externalOrderId, String status, Instant timestamp) {
}
