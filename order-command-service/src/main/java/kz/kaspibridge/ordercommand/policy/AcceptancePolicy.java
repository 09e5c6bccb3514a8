package kz.kaspibridge.ordercommand.policy;

/** How a merchant's new orders are accepted. */
public enum AcceptancePolicy {
    /** Accept every new order. */
    AUTO,
    /** Accept only when stock covers every entry; otherwise cancel or hold, per {@link WhenShort}. */
    STOCK,
    /** Wait for an {@code AcceptOrder} command, until a deadline. */
    MANUAL
}
