package kz.kaspibridge.orderpoller.polling;

import java.util.EnumSet;
import java.util.Set;

/** Kaspi order state; {@link #UNKNOWN} stands for one Kaspi adds later. */
public enum OrderState {
    NEW, SIGN_REQUIRED, PICKUP, DELIVERY, KASPI_DELIVERY, ARCHIVE, UNKNOWN;

    /** Every state Kaspi's list filter accepts. */
    public static Set<OrderState> listable() {
        return EnumSet.complementOf(EnumSet.of(UNKNOWN));
    }

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
