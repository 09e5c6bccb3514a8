package kz.kaspibridge.sandbox.webhooks;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import kz.kaspibridge.sandbox.clock.SandboxClock;
import kz.kaspibridge.sandbox.clock.Timeline;
import kz.kaspibridge.sandbox.config.KaspiSandboxProperties;
import kz.kaspibridge.schemas.webhooks.WebhookSignatures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends delivery webhooks the way Kaspi's Delivery API describes them, signed per Standard
 * Webhooks. A non-2xx answer (or none) is retried with exponential backoff in sandbox time until
 * the retry span (24 h by default) is over; every retry keeps the eventId and counts up attempt.
 */
public final class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private record Target(URI url, byte[] key) {
    }

    private record Event(String eventId, String type, DeliveryEvent data, Instant firstAttemptAt) {
    }

    private final WebClient http;
    private final SandboxClock clock;
    private final Timeline timeline;
    private final KaspiSandboxProperties.Webhook settings;
    private final MeterRegistry meters;
    private final JsonMapper json = JsonMapper.shared();
    private final List<WebhookAttempt> attempts = new CopyOnWriteArrayList<>();
    private volatile Target target;

    public WebhookSender(WebClient http, SandboxClock clock, Timeline timeline,
                         KaspiSandboxProperties.Webhook settings, MeterRegistry meters) {
        this.http = http;
        this.clock = clock;
        this.timeline = timeline;
        this.settings = settings;
        this.meters = meters;
        if (settings.url() != null) {
            retarget(settings.url(), settings.secret());
        }
    }

    /** Points webhooks at another receiver (or none, with a null url) from now on. */
    public void retarget(URI url, String secret) {
        target = url == null ? null : new Target(url, WebhookSignatures.decodeSecret(secret));
    }

    public void publish(String type, DeliveryEvent data) {
        Event event = new Event("wh_" + UUID.randomUUID().toString().replace("-", ""), type, data, clock.instant());
        attempt(event, 1);
    }

    public List<WebhookAttempt> attempts() {
        return List.copyOf(attempts);
    }

    public void clear() {
        attempts.clear();
    }

    private void attempt(Event event, int attempt) {
        Target to = target;
        if (to == null) {
            return;
        }
        byte[] body = json.writeValueAsBytes(payload(event, attempt));
        // The signature timestamp is wall time, not sandbox time: receivers check it against their
        // own clock (±5 min), and a scaled or advanced sandbox clock would fail that check.
        long timestamp = Instant.now().getEpochSecond();
        http.post().uri(to.url())
                .contentType(MediaType.APPLICATION_JSON)
                .header(WebhookSignatures.ID_HEADER, event.eventId())
                .header(WebhookSignatures.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignatures.SIGNATURE_HEADER,
                        WebhookSignatures.sign(to.key(), event.eventId(), timestamp, body))
                .bodyValue(body)
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                .timeout(settings.timeout())
                .onErrorResume(failure -> {
                    unreachable(event, attempt, failure);
                    return Mono.just(0);
                })
                .subscribe(status -> settle(event, attempt, status));
    }

    // No answer (refused, dropped, timed out) is a failed attempt like a 5xx, retried on schedule;
    // its cause is logged and counted, so a receiver that is down is seen, not guessed.
    private void unreachable(Event event, int attempt, Throwable failure) {
        meters.counter("kaspi.sandbox.webhooks.transport.errors", "error", failure.getClass().getSimpleName())
                .increment();
        log.warn("webhook not delivered, no answer eventId={} attempt={} error={}", event.eventId(), attempt,
                failure.getClass().getSimpleName(), failure);
    }

    private void settle(Event event, int attempt, int status) {
        Instant now = clock.instant();
        boolean delivered = status >= 200 && status < 300;
        Instant next = delivered ? null : nextAttemptAt(event, attempt, now);
        attempts.add(new WebhookAttempt(event.eventId(), event.type(), event.data().deliveryId(), attempt, now,
                status, next));
        meters.counter("kaspi.sandbox.webhooks.attempts", "outcome", delivered ? "delivered" : "failed").increment();
        if (delivered) {
            return;
        }
        if (next == null) {
            log.warn("webhook abandoned eventId={} attempts={}", event.eventId(), attempt);
            return;
        }
        log.info("webhook failed eventId={} attempt={} status={} nextAttemptAt={}", event.eventId(), attempt,
                status, next);
        timeline.at(next, () -> attempt(event, attempt + 1));
    }

    /** Exponential: initial, 2x, 4x… capped at maxBackoff; none once past the retry span. */
    Instant nextAttemptAt(Event event, int attempt, Instant now) {
        Instant next = now.plus(backoff(attempt));
        return next.isAfter(event.firstAttemptAt().plus(settings.retryFor())) ? null : next;
    }

    Duration backoff(int attempt) {
        Duration backoff = settings.initialBackoff().multipliedBy(1L << Math.min(attempt - 1, 30));
        return backoff.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff;
    }

    private static Map<String, Object> payload(Event event, int attempt) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deliveryId", event.data().deliveryId());
        data.put("externalOrderId", event.data().externalOrderId());
        data.put("status", event.data().status());
        data.put("timestamp", event.data().timestamp().toString());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("eventId", event.eventId());
        payload.put("type", event.type());
        payload.put("attempt", attempt);
        payload.put("data", data);
        return payload;
    }
}
