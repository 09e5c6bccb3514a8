package kz.kaspibridge.kaspiclient.shop;

/** Kaspi's order status. {@link #UNKNOWN} stands for a status Kaspi adds later. */
public enum OrderStatus {
    APPROVED_BY_BANK, ACCEPTED_BY_MERCHANT, COMPLETED, CANCELLED, CANCELLING, KASPI_DELIVERY_RETURN_REQUESTED,
    RETURN_ACCEPTED_BY_MERCHANT, RETURNED, UNKNOWN;

    /**
     * A status Kaspi introduces must not stop a merchant's order flow: it is read as UNKNOWN, which
     * the Avro contracts carry too, and the order is still delivered and tracked.
     */
    public static OrderStatus parse(String value) {
        return KnownValues.parse(OrderStatus.class, value, UNKNOWN);
    }
}
