package kz.kaspibridge.deliverygateway.deliveries;

import java.time.Instant;

/**
 * What Kaspi said about a delivery: a webhook relayed by webhook-ingress, or the answer to a reconciliation read.
 *
 * @param statusAt when Kaspi says the status was reached
 * @param source   for logs: the webhook's event id, or {@code reconciliation}
 */
public record StatusReport(String deliveryId, DeliveryStatus status, Instant statusAt, String source) {
}
