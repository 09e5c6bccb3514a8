package kz.kaspibridge.sandbox.orders;

/** Kaspi's order statuses, as the Shop API spells them. */
public enum OrderStatus {
    APPROVED_BY_BANK,
    ACCEPTED_BY_MERCHANT,
    COMPLETED,
    CANCELLED,
    CANCELLING,
    KASPI_DELIVERY_RETURN_REQUESTED,
    RETURNED;

    boolean isFinal() {
        return this == COMPLETED || this == CANCELLED || this == RETURNED;
    }
}
