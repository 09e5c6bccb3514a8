package kz.kaspibridge.sandbox.webhooks;

import java.time.Instant;

/**
 * One try at delivering one webhook event, for tests and the admin API. {@code status} is the
 * receiver's HTTP status, 0 when it could not be reached; {@code nextAttemptAt} is null when this
 * was the last try (delivered, or the retry span is over). Times are sandbox time.
 */
public record WebhookAttempt(String eventId, String type, String deliveryId, int attempt, Instant sentAt,
                             int status, Instant nextAttemptAt) {

    public boolean delivered() {
        return status >= 200 && status < 300;
    }
}
