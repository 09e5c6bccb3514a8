package kz.kaspibridge.kaspiclient.shop;

/**
 * The state {@code GET /orders} must be filtered by (one per call; the client walks several).
 * {@link #UNKNOWN} stands for a state Kaspi adds later; it is never sent as a filter.
 */
public enum OrderState {
    NEW, SIGN_REQUIRED, PICKUP, DELIVERY, KASPI_DELIVERY, ARCHIVE, UNKNOWN;

    public static OrderState parse(String value) {
        return KnownValues.parse(OrderState.class, value, UNKNOWN);
    }
}
