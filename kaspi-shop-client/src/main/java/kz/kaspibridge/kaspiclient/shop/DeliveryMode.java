package kz.kaspibridge.kaspiclient.shop;

/** How the buyer gets the order. {@link #UNKNOWN} stands for a mode Kaspi adds later. */
public enum DeliveryMode {
    DELIVERY_LOCAL, DELIVERY_PICKUP, DELIVERY_REGIONAL_TODOOR, DELIVERY_REGIONAL_PICKUP, UNKNOWN;

    public static DeliveryMode parse(String value) {
        return KnownValues.parse(DeliveryMode.class, value, UNKNOWN);
    }
}
