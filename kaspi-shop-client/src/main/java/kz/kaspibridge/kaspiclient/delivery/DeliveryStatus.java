package kz.kaspibridge.kaspiclient.delivery;

import java.util.Locale;

/** The Delivery API's statuses, in lifecycle order. */
public enum DeliveryStatus {
    CREATED, ACCEPTED, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED, CANCELLED;

    static DeliveryStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
