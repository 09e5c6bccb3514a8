package kz.kaspibridge.ordercommand.orders;

import java.util.Objects;
import java.util.Optional;

/**
 * One line of an order: how many units of which sku, picked from which store. Money is integer tenge.
 *
 * @param store the point of service the entry is picked from; empty when Kaspi names none, and then the
 *              merchant's default store applies
 */
public record OrderEntry(Sku sku, String productName, int quantity, long totalPrice, Double weightKg,
                         Optional<StoreId> store) {

    public OrderEntry {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(store, "store");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be positive: " + quantity);
        }
    }

    /** The entry's weight in grams, rounded up; zero when Kaspi gives no weight. */
    public int weightGrams() {
        return weightKg == null ? 0 : (int) Math.ceil(weightKg * 1000 * quantity);
    }
}
