package kz.kaspibridge.ordercommand.orders;

import java.util.Objects;

/** A Kaspi merchant, as configured. */
public record MerchantId(String value) {

    public MerchantId {
        Objects.requireNonNull(value, "merchant id");
        if (value.isBlank() || value.contains("|")) {
            throw new IllegalArgumentException("merchant id must be non-blank and contain no '|': " + value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
