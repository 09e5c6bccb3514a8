package kz.kaspibridge.ordercommand.orders;

import java.util.Objects;

/** The merchant's sku (Kaspi's offer.code): latin letters and digits. */
public record Sku(String value) {

    public Sku {
        Objects.requireNonNull(value, "sku");
        if (value.isBlank() || value.contains("|")) {
            throw new IllegalArgumentException("sku must be non-blank and contain no '|': " + value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
