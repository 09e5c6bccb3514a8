package kz.kaspibridge.kaspiclient.shop;

/** The reasons Kaspi accepts from a merchant. */
public enum CancellationReason {
    BUYER_CANCELLATION_BY_MERCHANT, BUYER_NOT_REACHABLE, MERCHANT_OUT_OF_STOCK
}
