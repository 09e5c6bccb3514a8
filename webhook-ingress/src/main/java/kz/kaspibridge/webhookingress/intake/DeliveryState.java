package kz.kaspibridge.webhookingress.intake;

import java.util.Arrays;
import java.util.Optional;

/** The delivery statuses Kaspi documents, as they appear on the wire ({@code data.status}). */
public enum DeliveryState {
    CREATED("created"),
    ACCEPTED("accepted"),
    IN_TRANSIT("in_transit"),
    OUT_FOR_DELIVERY("out_for_delivery"),
    DELIVERED("delivered"),
    CANCELLED("cancelled");

    private final String wire;

    DeliveryState(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The event type that announces this status, for example {@code delivery.in_transit}. */
    public String eventType() {
        return "delivery." + wire;
    }

    public static Optional<DeliveryState> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst();
    }

    public static boolean isKnownEventType(String type) {
        return Arrays.stream(values()).anyMatch(s -> s.eventType().equals(type));
    }
}
