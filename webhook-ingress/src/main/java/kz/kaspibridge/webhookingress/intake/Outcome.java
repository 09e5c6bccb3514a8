package kz.kaspibridge.webhookingress.intake;

/** What became of one signed request. The HTTP adapter maps each to one status code. */
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

    /** Nothing could be stored in time (or the dedup store is not loaded): answer 503 so Kaspi retries. */
    record Unavailable(String detail) implements Outcome {
    }
}
