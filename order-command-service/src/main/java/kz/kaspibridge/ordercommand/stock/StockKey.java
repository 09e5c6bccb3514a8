package kz.kaspibridge.ordercommand.stock;

import java.util.Objects;
import kz.kaspibridge.ordercommand.orders.MerchantId;
import kz.kaspibridge.ordercommand.orders.Sku;
import kz.kaspibridge.ordercommand.orders.StoreId;

/** Where one stock figure is counted: one merchant's sku in one of its stores. */
public record StockKey(MerchantId merchant, StoreId store, Sku sku) {

    private static final String SEPARATOR = "|";

    public StockKey {
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(sku, "sku");
    }

    /** The location all of an order's entries are decided in together: merchant and store. */
    public StockLocation location() {
        return new StockLocation(merchant, store);
    }

    /** {@code merchant|store|sku}: the state store key, which sorts a location's skus together. */
    public String asString() {
        return merchant + SEPARATOR + store + SEPARATOR + sku;
    }

    public static StockKey parse(String text) {
        String[] parts = text.split("\\|", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a stock key (merchant|store|sku): " + text);
        }
        return new StockKey(new MerchantId(parts[0]), new StoreId(parts[1]), new Sku(parts[2]));
    }

    @Override
    public String toString() {
        return asString();
    }
}
