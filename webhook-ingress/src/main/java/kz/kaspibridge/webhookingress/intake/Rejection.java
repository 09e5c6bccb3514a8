package kz.kaspibridge.webhookingress.intake;

import java.util.Locale;

/**
 * Why a webhook was turned away, in the order the checks run. How each is answered (status,
 * title) is the HTTP adapter's business ({@code http.Answer}).
 */
public enum Rejection {
    SIZE,
    SIGNATURE,
    TIMESTAMP,
    SCHEMA,
    RATE;

    /** A short stable name: the {@code reason} metric tag and the problem type's last segment. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
