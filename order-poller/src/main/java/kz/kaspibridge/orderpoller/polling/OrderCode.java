package kz.kaspibridge.orderpoller.polling;

import java.util.Objects;

/** The order number the buyer sees; the key of every order event. */
public record OrderCode(String value) {

    public OrderCode {
        Objects.requireNonNull(value, "order code");
        if (value.isBlank()) {
            throw new IllegalArgumentException("order code must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
