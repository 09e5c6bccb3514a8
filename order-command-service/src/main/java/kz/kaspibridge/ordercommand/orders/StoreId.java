package kz.kaspibridge.ordercommand.orders;

import java.util.Objects;

/** A merchant's store or point of service (PP1...): where stock is counted and entries are picked. */
public record StoreId(String value) {

    public StoreId {
        Objects.requireNonNull(value, "store id");
        if (value.isBlank() || value.contains("|")) {
            throw new IllegalArgumentException("store id must be non-blank and contain no '|': " + value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
