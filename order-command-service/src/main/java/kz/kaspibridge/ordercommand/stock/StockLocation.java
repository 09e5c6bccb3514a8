package kz.kaspibridge.ordercommand.stock;

import java.util.Objects;
import kz.kaspibridge.ordercommand.orders.MerchantId;
import kz.kaspibridge.ordercommand.orders.Sku;
import kz.kaspibridge.ordercommand.orders.StoreId;

/**
 * One merchant's store. Reservations are decided per location, so every entry of an order (all picked from
 * one store) is reserved or refused together, in one place, with no cross-partition protocol.
 */
public record StockLocation(MerchantId merchant, StoreId store) {

    public StockLocation {
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(store, "store");
    }

    public StockKey sku(Sku sku) {
        return new StockKey(merchant, store, sku);
    }

    /** {@code merchant|store}: the key orders and stock reports are re-partitioned by. */
    public String asString() {
        return merchant + "|" + store;
    }

    @Override
    public String toString() {
        return asString();
    }
}
