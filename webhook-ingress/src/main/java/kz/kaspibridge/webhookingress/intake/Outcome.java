package kz.kaspibridge.webhookingress.intake;

import java.util.Objects;
import java.util.Optional;

/**
 * What became of one signed request. The HTTP adapter ({@code http.Answer}) is the one place that
 * tells them apart, mapping each to a status code, a body, a log line and metrics.
 */
public sealed interface Outcome
        permits Outcome.Persisted, Outcome.Archived, Outcome.Duplicate, Outcome.Rejected, Outcome.Unavailable {

    /** Report and archive are stored (acks=all): answer 200. */
    record Persisted(DeliveryWebhook webhook) implements Outcome {
    }

    /** An event type this version does not know: archived (replayable) but not reported; answer 202. */
    record Archived(String eventId, String type) implements Outcome {
    }

    /** The eventId was already stored: answer 200 and store nothing. */
    record Duplicate(String eventId) implements Outcome {
    }

    /** A check failed; {@code detail} never holds a secret or the body. */
    record Rejected(Rejection reason, String detail) implements Outcome {
    }

    /**
     * Nothing could be stored in time (or the dedup store is not loaded): answer 503 so Kaspi
     * retries. {@code cause} is the failure behind it, if there was one, for the log.
     */
    record Unavailable(String detail, Optional<Throwable> cause) implements Outcome {

        public Unavailable {
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(cause, "cause");
        }

        public Unavailable(String detail) {
            this(detail, Optional.empty());
        }

        public Unavailable(String detail, Throwable cause) {
            this(detail, Optional.of(cause));
        }
    }
}
