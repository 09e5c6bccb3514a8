package kz.kaspibridge.sandbox.delivery;

import java.time.Instant;
import java.util.Optional;

/** One delivery, advancing through its lifecycle; every change is synchronized. */
final class SandboxDelivery {

    private final DeliverySnapshot created;
    private DeliveryStatus status = DeliveryStatus.CREATED;
    private Instant updatedAt;
    private String cancelIdempotencyKey;

    SandboxDelivery(DeliverySnapshot created) {
        this.created = created;
        this.updatedAt = created.createdAt();
    }

    String id() {
        return created.deliveryId();
    }

    /** The next lifecycle step, or empty when cancelled or delivered. */
    synchronized Optional<DeliverySnapshot> advance(Instant at) {
        Optional<DeliveryStatus> next = status.next();
        if (next.isEmpty()) {
            return Optional.empty();
        }
        status = next.get();
        updatedAt = at;
        return Optional.of(snapshot());
    }

    /** True when cancelled now or before; false once picked up. */
    synchronized boolean cancel(Instant at, String idempotencyKey) {
        if (cancelIdempotencyKey == null) {
            cancelIdempotencyKey = idempotencyKey;
        }
        if (status == DeliveryStatus.CANCELLED) {
            return true;
        }
        if (!status.cancellable()) {
            return false;
        }
        status = DeliveryStatus.CANCELLED;
        updatedAt = at;
        return true;
    }

    synchronized DeliveryStatus status() {
        return status;
    }

    synchronized DeliverySnapshot snapshot() {
        DeliverySnapshot c = created;
        return new DeliverySnapshot(c.deliveryId(), c.externalOrderId(), c.idempotencyKey(), status,
                c.trackingUrl(), c.pickupBy(), c.deliveryBy(), c.createdAt(), updatedAt, cancelIdempotencyKey);
    }
}
