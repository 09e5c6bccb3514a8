package kz.kaspibridge.webhookingress.intake;

/**
 * Why a webhook was turned away. Each reason has one HTTP status and one bounded metric tag, in
 * the order the checks run.
 */
public enum Rejection {
    SIZE(413, "size", "Payload too large"),
    SIGNATURE(401, "signature", "Invalid webhook signature"),
    TIMESTAMP(401, "timestamp", "Webhook timestamp outside the tolerance window"),
    SCHEMA(400, "schema", "Invalid webhook body"),
    RATE(429, "rate", "Too many requests");

    private final int httpStatus;
    private final String tag;
    private final String title;

    Rejection(int httpStatus, String tag, String title) {
        this.httpStatus = httpStatus;
        this.tag = tag;
        this.title = title;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The {@code reason} tag of {@code kaspi.webhook.rejected}. */
    public String tag() {
        return tag;
    }

    public String title() {
        return title;
    }
}
