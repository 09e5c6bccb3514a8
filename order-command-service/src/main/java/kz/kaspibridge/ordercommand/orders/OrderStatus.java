package kz.kaspibridge.ordercommand.orders;

/** Kaspi's order status, as far as this service decides on it. */
public enum OrderStatus {
    APPROVED_BY_BANK,
    ACCEPTED_BY_MERCHANT,
    COMPLETED,
    CANCELLED,
    CANCELLING,
    KASPI_DELIVERY_RETURN_REQUESTED,
    RETURN_ACCEPTED_BY_MERCHANT,
    RETURNED,
    UNKNOWN;

    /** A buyer, the bank or the merchant has cancelled (or is cancelling) the order. */
    public boolean isCancelled() {
        return this == CANCELLED || this == CANCELLING;
    }

    /** Goods come back: reserved stock is released as for a cancellation. */
    public boolean isReturn() {
        return this == RETURNED || this == RETURN_ACCEPTED_BY_MERCHANT;
    }

    /** The order will not change any more. */
    public boolean isFinal() {
        return this == COMPLETED || this == CANCELLED || this == RETURNED;
    }
}
