package kz.kaspibridge.orderpoller.polling;

/** Kaspi order state; {@link #UNKNOWN} stands for one Kaspi adds later. */
public enum OrderState {
    NEW, SIGN_REQUIRED, PICKUP, DELIVERY, KASPI_DELIVERY, ARCHIVE, UNKNOWN;

    public static OrderState parse(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        for (OrderState state : values()) {
            if (state.name().equals(value)) {
                return state;
            }
        }
        return UNKNOWN;
    }
}
