package kz.kaspibridge.sandbox.orders;

/** Reasons a merchant may give; buyer and bank cancellations come from the admin API. */
public enum CancellationReason {
    BUYER_CANCELLATION_BY_MERCHANT, BUYER_NOT_REACHABLE, MERCHANT_OUT_OF_STOCK
}
