package kz.kaspibridge.sandbox.delivery;

import java.util.Locale;
import java.util.Optional;

/** The Delivery API's statuses, in lifecycle order; {@code cancelled} only before pickup. */
public enum DeliveryStatus {
    CREATED, ACCEPTED, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED, CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    Optional<DeliveryStatus> next() {
        switch (this) {
            case CREATED:
                return Optional.of(ACCEPTED);
            case ACCEPTED:
                return Optional.of(IN_TRANSIT);
            case IN_TRANSIT:
                return Optional.of(OUT_FOR_DELIVERY);
            case OUT_FOR_DELIVERY:
                return Optional.of(DELIVERED);
            default:
                return Optional.empty();
        }
    }

    boolean cancellable() {
        return this == CREATED || this == ACCEPTED;
    }
}
