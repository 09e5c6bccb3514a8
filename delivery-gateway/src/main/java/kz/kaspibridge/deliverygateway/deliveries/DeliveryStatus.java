package kz.kaspibridge.deliverygateway.deliveries;

/**
 * A Kaspi delivery's status, in lifecycle order: {@code created → accepted → in_transit → out_for_delivery →
 * delivered}; {@code cancelled} ends it, and only before pickup.
 */
public enum DeliveryStatus {
    CREATED, ACCEPTED, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED, CANCELLED;

    /** No status follows it. */
    public boolean isFinal() {
        return this == DELIVERED || this == CANCELLED;
    }

    /** The courier has not picked the parcel up: the only time a delivery may still be cancelled. */
    public boolean beforePickup() {
        return this == CREATED || this == ACCEPTED;
    }
}
