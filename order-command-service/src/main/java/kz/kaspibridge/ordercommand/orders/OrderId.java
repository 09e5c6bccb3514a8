package kz.kaspibridge.ordercommand.orders;

import java.util.Objects;

/** Kaspi's internal order id, which status changes name. */
public record OrderId(String value) {

    public OrderId {
        Objects.requireNonNull(value, "order id");
        if (value.isBlank()) {
            throw new IllegalArgumentException("order id must be non-blank: " + value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
