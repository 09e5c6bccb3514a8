package kz.kaspibridge.ordercommand.orders;

import java.util.Objects;

/** The order number the buyer sees; the key of every order topic. */
public record OrderCode(String value) {

    public OrderCode {
        Objects.requireNonNull(value, "order code");
        if (value.isBlank()) {
            throw new IllegalArgumentException("order code must be non-blank: " + value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
