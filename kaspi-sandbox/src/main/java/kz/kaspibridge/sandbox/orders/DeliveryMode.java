package kz.kaspibridge.sandbox.orders;

/** How the buyer gets the order; with {@code isKaspiDelivery} it picks the courier or postomat. */
public enum DeliveryMode {
    DELIVERY_LOCAL, DELIVERY_PICKUP, DELIVERY_REGIONAL_TODOOR, DELIVERY_REGIONAL_PICKUP
}
