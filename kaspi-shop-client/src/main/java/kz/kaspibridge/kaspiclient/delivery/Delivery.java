package kz.kaspibridge.kaspiclient.delivery;

import java.time.Instant;

/**
 * A delivery as the API reports it. {@code externalOrderId} and {@code updatedAt} are null in the answer to a
 * booking, which (as documented) carries only id, status, tracking URL and ETA.
 *
 * @param updatedAt when the delivery last changed (reached its status), as a read reports it
 */
public record Delivery(DeliveryId deliveryId, DeliveryStatus status, String trackingUrl, Instant pickupBy,
                       Instant deliveryBy, String externalOrderId, Instant updatedAt) {
}
