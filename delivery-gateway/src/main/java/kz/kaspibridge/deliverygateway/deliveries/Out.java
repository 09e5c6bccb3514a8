package kz.kaspibridge.deliverygateway.deliveries;

import java.time.Duration;
import java.time.Instant;

/** What a step of a {@link TrackedDelivery} asks for: an event for consumers, a Kaspi call, or a fact to count. */
public sealed interface Out {

    // Events on kaspi.delivery-events.

    record Booked(String deliveryId, DeliveryStatus status, String trackingUrl, Instant pickupBy, Instant deliveryBy,
                  String commandId, Instant at) implements Out {
    }

    record BookingFailed(String reason, Integer httpStatus, String commandId, Instant at) implements Out {
    }

    record Cancelled(String deliveryId, String reason, String commandId, Instant at) implements Out {
    }

    record CancelRejected(String deliveryId, String reason, String commandId, Instant at) implements Out {
    }

    /**
     * @param timeInPrevious how long the delivery was in {@code previous} (by Kaspi's timestamps), if known
     * @param via            what told us: {@code booking}, {@code report}, {@code cancel} or {@code reconciliation}
     */
    record StatusChanged(String deliveryId, DeliveryStatus previous, DeliveryStatus status, Instant statusAt,
                         Duration timeInPrevious, String via) implements Out {
    }

    // Kaspi calls, carried out by the executor.

    record RequestBooking(String commandId) implements Out {
    }

    record RequestCancel(String deliveryId, String reason, String commandId) implements Out {
    }

    record RequestReconciliation(String deliveryId) implements Out {
    }

    // Refusals and facts to count.

    /** The command cannot be carried out: to the commands' dead-letter topic with this reason. */
    record Refused(String commandId, String reason) implements Out {
    }

    /**
     * A command id already answered, or a booking for an order that has one: nothing to do.
     *
     * @param booking a {@code BookDelivery} (else a {@code CancelDelivery})
     */
    record CommandIgnored(String commandId, boolean booking, String why) implements Out {
    }

    /** A report or reading that changed nothing. */
    record ReportIgnored(String deliveryId, DeliveryStatus status, StatusRule.Verdict verdict, String source)
            implements Out {
    }

    /** A report for a delivery not (yet) known here: kept until its booking is seen. */
    record ReportKept(String deliveryId, DeliveryStatus status, String source) implements Out {
    }

    /** Reports for a delivery whose booking was never seen, given up on. */
    record ReportsDropped(int count, String why) implements Out {
    }

    /** A cancel that waited for a booking that failed: there is nothing to cancel. */
    record CancelMoot(String commandId) implements Out {
    }

    /** Something Kaspi's answers should make impossible (a second delivery id for one order). */
    record Anomaly(String detail) implements Out {
    }
}
