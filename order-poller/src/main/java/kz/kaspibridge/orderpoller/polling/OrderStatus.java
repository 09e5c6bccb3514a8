package kz.kaspibridge.orderpoller.polling;

/** Kaspi order status; {@link #UNKNOWN} stands for one Kaspi adds later. */
public enum OrderStatus {
    APPROVED_BY_BANK, ACCEPTED_BY_MERCHANT, COMPLETED, CANCELLED, CANCELLING,
    KASPI_DELIVERY_RETURN_REQUESTED, RETURN_ACCEPTED_BY_MERCHANT, RETURNED, UNKNOWN;

    /** An order in a final status can no longer change, so status sync stops tracking it. */
    public boolean isFinal() {
        return this == COMPLETED || this == CANCELLED || this == RETURNED;
    }

    public static OrderStatus parse(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        for (OrderStatus status : values()) {
            if (status.name().equals(value)) {
                return status;
            }
        }
        return UNKNOWN;
    }
}
