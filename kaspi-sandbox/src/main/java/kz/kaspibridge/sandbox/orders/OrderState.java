package kz.kaspibridge.sandbox.orders;

/** Kaspi's order states: which tab of the merchant cabinet an order sits in. */
public enum OrderState {
    NEW, SIGN_REQUIRED, PICKUP, DELIVERY, KASPI_DELIVERY, ARCHIVE;

    /** Kaspi derives the state from status and delivery mode; so does the sandbox. */
    static OrderState of(OrderStatus status, DeliveryMode mode, boolean kaspiDelivery) {
        switch (status) {
            case APPROVED_BY_BANK:
                return NEW;
            case COMPLETED:
            case CANCELLED:
            case RETURNED:
                return ARCHIVE;
            default:
                if (kaspiDelivery) {
                    return KASPI_DELIVERY;
                }
                return mode == DeliveryMode.DELIVERY_PICKUP || mode == DeliveryMode.DELIVERY_REGIONAL_PICKUP
                        ? PICKUP : DELIVERY;
        }
    }
}
