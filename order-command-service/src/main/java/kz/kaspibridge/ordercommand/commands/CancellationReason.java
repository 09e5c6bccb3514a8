package kz.kaspibridge.ordercommand.commands;

/** The reasons Kaspi accepts when a merchant cancels; {@code UNKNOWN} is what a newer or bad symbol reads as. */
public enum CancellationReason {
    BUYER_CANCELLATION_BY_MERCHANT,
    BUYER_NOT_REACHABLE,
    MERCHANT_OUT_OF_STOCK,
    UNKNOWN
}
