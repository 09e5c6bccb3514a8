package kz.kaspibridge.webhookingress.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import kz.kaspibridge.schemas.webhooks.WebhookSignatures;

/**
 * Receiving one delivery webhook: the checks in the order (size, signature, timestamp,
 * schema, rate), then deduplication, then storing. The answer is decided only once storing has
 * finished, so a 2xx always means "stored" (or "already stored").
 *
 * <p>Calls {@link WebhookRecords}, whose producer may block briefly on metadata, so callers run
 * {@link #receive} off the event loop.
 */
public final class WebhookIntake {

    private final ConcurrentHashMap<String, CompletableFuture<Outcome>> inFlight = new ConcurrentHashMap<>();
    private final WebhookBodies bodies;
    private final SeenEvents seenEvents;
    private final WebhookRecords records;
    private final SourceRateLimiter rateLimiter;
    private final Clock clock;
    private final long maxBodyBytes;
    private final Duration timestampTolerance;
    private final Duration storeTimeout;

    public WebhookIntake(WebhookBodies bodies, SeenEvents seenEvents, WebhookRecords records,
            SourceRateLimiter rateLimiter, Clock clock, long maxBodyBytes, Duration timestampTolerance,
            Duration storeTimeout) {
        this.bodies = bodies;
        this.seenEvents = seenEvents;
        this.records = records;
        this.rateLimiter = rateLimiter;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
        this.timestampTolerance = timestampTolerance;
        this.storeTimeout = storeTimeout;
    }

    public CompletableFuture<Outcome> receive(MerchantEndpoint merchant, SignedRequest request) {
        Instant now = clock.instant();
        Outcome.Rejected rejected = check(merchant, request, now);
        if (rejected != null) {
            return CompletableFuture.completedFuture(rejected);
        }
        ParsedBody body = bodies.parse(request.body());
        if (body instanceof ParsedBody.Invalid) {
            return done(new Outcome.Rejected(Rejection.SCHEMA, ((ParsedBody.Invalid) body).problem()));
        }
        if (!rateLimiter.tryAcquire(request.source())) {
            return done(new Outcome.Rejected(Rejection.RATE, "too many webhooks from this source, retry later"));
        }
        if (!seenEvents.isReady()) {
            return done(new Outcome.Unavailable("the deduplication store is still loading, retry later"));
        }
        if (body instanceof ParsedBody.Known) {
            DeliveryWebhook webhook = ((ParsedBody.Known) body).webhook();
            return store(merchant, webhook.eventId(), new Outcome.Persisted(webhook),
                    () -> records.storeReport(merchant, webhook, request, now));
        }
        ParsedBody.UnknownType unknown = (ParsedBody.UnknownType) body;
        return store(merchant, unknown.eventId(), new Outcome.Archived(unknown.eventId(), unknown.type()),
                () -> records.storeArchiveOnly(merchant, unknown.eventId(), request, now));
    }

    /** Size, signature and timestamp: everything decided before the body is parsed. */
    private Outcome.Rejected check(MerchantEndpoint merchant, SignedRequest request, Instant now) {
        if (request.body().length > maxBodyBytes) {
            return new Outcome.Rejected(Rejection.SIZE, "the body exceeds " + maxBodyBytes + " bytes");
        }
        if (request.webhookId() == null || request.timestamp() == null || request.signature() == null) {
            return new Outcome.Rejected(Rejection.SIGNATURE,
                    "webhook-id, webhook-timestamp and webhook-signature headers are required");
        }
        if (!WebhookSignatures.verify(merchant.keys(), request.webhookId(), request.timestamp(), request.body(),
                request.signature())) {
            return new Outcome.Rejected(Rejection.SIGNATURE, "no signature matches any configured secret");
        }
        if (!withinTolerance(request.timestamp(), now)) {
            return new Outcome.Rejected(Rejection.TIMESTAMP,
                    "webhook-timestamp must be Unix seconds within " + timestampTolerance.toSeconds() + " s of now");
        }
        return null;
    }

    private boolean withinTolerance(String timestamp, Instant now) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        long skew = Math.abs(now.getEpochSecond() - seconds);
        return skew >= 0 && skew <= timestampTolerance.toSeconds();
    }

    /**
     * Stores once per key on this instance: a request whose twin is still being stored waits for
     * that twin and answers as a duplicate of it (or 503 with it), so concurrent retries never
     * store twice here. Two instances can still both store one eventId (see README).
     */
    private CompletableFuture<Outcome> store(MerchantEndpoint merchant, String eventId, Outcome stored,
            Supplier<CompletableFuture<Void>> write) {
        String key = merchant.dedupKey(eventId);
        CompletableFuture<Outcome> mine = new CompletableFuture<>();
        CompletableFuture<Outcome> twin = inFlight.putIfAbsent(key, mine);
        if (twin != null) {
            return twin.thenApply(outcome -> outcome instanceof Outcome.Unavailable ? outcome : new Outcome.Duplicate(eventId));
        }
        if (seenEvents.contains(key)) {
            return finish(key, mine, new Outcome.Duplicate(eventId));
        }
        // The deadline runs from here even if the producer blocks below (waiting for metadata).
        mine.completeOnTimeout(new Outcome.Unavailable("Kafka did not acknowledge the webhook in time, retry later"),
                storeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<Void> written;
        try {
            written = write.get();
        } catch (RuntimeException e) {
            // The producer refused at once (closed, metadata timeout): not stored. The adapter logs the cause.
            return finish(key, mine, new Outcome.Unavailable("Kafka did not accept the webhook, retry later", e));
        }
        written.whenComplete((ok, failure) -> {
            if (failure != null) {
                finish(key, mine, new Outcome.Unavailable("Kafka did not acknowledge the webhook, retry later",
                        failure));
            } else {
                // Stored, even if the answer already went out as 503: a retry will then be a duplicate.
                seenEvents.remember(key);
                finish(key, mine, stored);
            }
        });
        return mine;
    }

    private CompletableFuture<Outcome> finish(String key, CompletableFuture<Outcome> mine, Outcome outcome) {
        inFlight.remove(key, mine);
        mine.complete(outcome);
        return mine;
    }

    private static CompletableFuture<Outcome> done(Outcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
