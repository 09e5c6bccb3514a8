package kz.kaspibridge.orderpoller.polling;

import java.util.Objects;

/** A Kaspi merchant, as configured; also the key of its cursor and the scale-out unit. */
public record MerchantId(String value) {

    public MerchantId {
        Objects.requireNonNull(value, "merchant id");
        if (value.isBlank() || value.contains(":")) {
            throw new IllegalArgumentException("merchant id must be non-blank and contain no ':'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
