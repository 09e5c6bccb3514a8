package kz.kaspibridge.deliverygateway.kaspi;

import java.time.Instant;

/**
 * What the Delivery API answered to an {@link Intent}, recorded on {@code delivery-gateway.outcomes} (JSON, key
 * order code) for the topology, which alone turns it into events: a duplicate outcome (an intent carried out again
 * after a crash) changes nothing there.
 *
 * @param type       {@code BOOKED}, {@code BOOK_FAILED}, {@code CANCELLED}, {@code CANCEL_REJECTED} or
 *                   {@code OBSERVED}
 * @param status     the delivery's status in the answer, if any (a {@code DeliveryStatus} name)
 * @param statusAt   when Kaspi says that status was reached, if it said
 * @param httpStatus the API's status for a failure; null when there was no answer
 */
public record Outcome(String type, String orderCode, String commandId, String deliveryId, String status,
                      String trackingUrl, Instant pickupBy, Instant deliveryBy, Instant statusAt, String reason,
                      Integer httpStatus, Instant observedAt) {

    public static final String BOOKED = "BOOKED";
    public static final String BOOK_FAILED = "BOOK_FAILED";
    public static final String CANCELLED = "CANCELLED";
    public static final String CANCEL_REJECTED = "CANCEL_REJECTED";
    public static final String OBSERVED = "OBSERVED";
}
