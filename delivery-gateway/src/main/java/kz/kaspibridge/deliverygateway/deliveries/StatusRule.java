package kz.kaspibridge.deliverygateway.deliveries;

/**
 * The forward-only rule: a delivery only ever moves forward through its lifecycle. A report of a later status is
 * applied even when it skips steps (the lifecycle jumped: a webhook was lost or arrived late); the same status
 * again is a duplicate; an earlier status, or anything after a final one, is stale (an old webhook arriving late)
 * and never moves the delivery back. {@code cancelled} after pickup contradicts the API's own rule and is refused.
 */
public final class StatusRule {

    /** What a reported status does to a delivery. */
    public enum Verdict {
        /** Applied: the delivery moved forward. */
        MOVED,
        /** The delivery is already in that status. */
        DUPLICATE,
        /** Earlier than the delivery's status, or after a final status: ignored. */
        STALE,
        /** {@code cancelled} once the parcel was picked up: the API says that cannot happen; ignored. */
        NOT_ALLOWED
    }

    private StatusRule() {
    }

    /** @param current null when nothing is known yet: any status is the first */
    public static Verdict judge(DeliveryStatus current, DeliveryStatus reported) {
        if (current == null) {
            return Verdict.MOVED;
        }
        if (current == reported) {
            return Verdict.DUPLICATE;
        }
        if (current.isFinal()) {
            return Verdict.STALE;
        }
        if (reported == DeliveryStatus.CANCELLED) {
            return current.beforePickup() ? Verdict.MOVED : Verdict.NOT_ALLOWED;
        }
        return reported.ordinal() > current.ordinal() ? Verdict.MOVED : Verdict.STALE;
    }
}
