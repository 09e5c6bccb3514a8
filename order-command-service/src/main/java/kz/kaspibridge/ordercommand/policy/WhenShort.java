package kz.kaspibridge.ordercommand.policy;

/** What the STOCK policy does with an order stock does not cover. */
public enum WhenShort {
    /** Cancel it at once with {@code MERCHANT_OUT_OF_STOCK}. */
    CANCEL,
    /** Hold it for a manual command, as the MANUAL policy does. */
    HOLD
}
