package kz.kaspibridge.sandbox.calls;

/**
 * What the sandbox counts, per key, so tests can assert exactly-once effects. Order calls are
 * keyed by order code; delivery bookings by externalOrderId; delivery cancels by deliveryId.
 */
public enum CallKind {
    ORDER_ACCEPT,
    ORDER_CANCEL,
    ORDER_SEND_CODE,
    ORDER_COMPLETE,
    ORDER_ASSEMBLE,
    /** Every POST /deliveries that passed auth, replays and refused (400) ones included. */
    DELIVERY_BOOK,
    /** Deliveries actually created: at most one per Idempotency-Key. */
    DELIVERY_CREATED,
    DELIVERY_CANCEL
}
