package kz.kaspibridge.ordercommand.orders;

import java.util.Objects;

/** The idempotency key of one command: its effect happens at most once and it gets exactly one result. */
public record CommandId(String value) {

    public CommandId {
        Objects.requireNonNull(value, "command id");
        if (value.isBlank()) {
            throw new IllegalArgumentException("command id must be non-blank: " + value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
