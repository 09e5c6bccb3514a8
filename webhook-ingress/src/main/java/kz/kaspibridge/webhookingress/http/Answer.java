package kz.kaspibridge.webhookingress.http;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import kz.kaspibridge.webhookingress.intake.DeliveryWebhook;
import kz.kaspibridge.webhookingress.intake.Outcome;
import kz.kaspibridge.webhookingress.intake.Rejection;
import org.slf4j.Logger;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * How the HTTP edge answers one {@link Outcome}: status, body, log line and the meters' kind. This
 * is the one place the outcomes are told apart ({@link #of}); the handler and the metrics work on
 * the answer. Error bodies are {@code application/problem+json} and never echo the request.
 *
 * @param kind    what happened, also the {@code outcome} tag of the latency timer
 * @param status  the HTTP status
 * @param eventId the eventId echoed in a 2xx body
 * @param reason  why it was rejected, for a 4xx
 * @param detail  the problem's detail, for an error
 * @param logLine writes the outcome's log line, given the logger and the merchant id
 */
record Answer(Kind kind, HttpStatus status, Optional<String> eventId, Optional<Rejection> reason, String detail,
        BiConsumer<Logger, String> logLine) {

    private static final String PROBLEM_BASE = "urn:kaspi-bridge:webhook-ingress:";

    enum Kind {
        PERSISTED, ARCHIVED, DUPLICATE, REJECTED, UNAVAILABLE;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static Answer of(Outcome outcome) {
        if (outcome instanceof Outcome.Persisted) {
            DeliveryWebhook webhook = ((Outcome.Persisted) outcome).webhook();
            return success(Kind.PERSISTED, HttpStatus.OK, webhook.eventId(), (log, merchant) -> log.info(
                    "delivery webhook stored merchantId={} eventId={} orderCode={} status={} attempt={}", merchant,
                    webhook.eventId(), webhook.orderCode(), webhook.status(), webhook.attempt()));
        }
        if (outcome instanceof Outcome.Archived) {
            Outcome.Archived archived = (Outcome.Archived) outcome;
            return success(Kind.ARCHIVED, HttpStatus.ACCEPTED, archived.eventId(), (log, merchant) -> log.info(
                    "unknown webhook type archived merchantId={} eventId={} type={}", merchant, archived.eventId(),
                    archived.type()));
        }
        if (outcome instanceof Outcome.Duplicate) {
            String eventId = ((Outcome.Duplicate) outcome).eventId();
            return success(Kind.DUPLICATE, HttpStatus.OK, eventId, (log, merchant) -> log.info(
                    "duplicate webhook ignored merchantId={} eventId={}", merchant, eventId));
        }
        if (outcome instanceof Outcome.Rejected) {
            Outcome.Rejected rejected = (Outcome.Rejected) outcome;
            // DEBUG: a flood of junk must not flood the logs; the rejected counter is the signal.
            return new Answer(Kind.REJECTED, status(rejected.reason()), Optional.empty(), Optional.of(rejected.reason()),
                    rejected.detail(), (log, merchant) -> log.debug("webhook rejected merchantId={} reason={}", merchant,
                            rejected.reason().tag()));
        }
        Outcome.Unavailable unavailable = (Outcome.Unavailable) outcome;
        return new Answer(Kind.UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE, Optional.empty(), Optional.empty(),
                unavailable.detail(), (log, merchant) -> {
                    if (unavailable.cause().isPresent()) {
                        log.warn("webhook not stored, answered 503 merchantId={} detail={}", merchant,
                                unavailable.detail(), unavailable.cause().get());
                    } else {
                        log.warn("webhook not stored, answered 503 merchantId={} detail={}", merchant,
                                unavailable.detail());
                    }
                });
    }

    private static Answer success(Kind kind, HttpStatus status, String eventId, BiConsumer<Logger, String> logLine) {
        return new Answer(kind, status, Optional.of(eventId), Optional.empty(), "", logLine);
    }

    static HttpStatus status(Rejection reason) {
        return switch (reason) {
            case SIZE -> HttpStatus.PAYLOAD_TOO_LARGE;
            case SIGNATURE, TIMESTAMP -> HttpStatus.UNAUTHORIZED;
            case SCHEMA -> HttpStatus.BAD_REQUEST;
            case RATE -> HttpStatus.TOO_MANY_REQUESTS;
        };
    }

    static String title(Rejection reason) {
        return switch (reason) {
            case SIZE -> "Payload too large";
            case SIGNATURE -> "Invalid webhook signature";
            case TIMESTAMP -> "Webhook timestamp outside the tolerance window";
            case SCHEMA -> "Invalid webhook body";
            case RATE -> "Too many requests";
        };
    }

    Mono<ServerResponse> response() {
        if (eventId.isPresent()) {
            return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("outcome", kind.tag(), "eventId", eventId.get()));
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(PROBLEM_BASE + reason.map(Rejection::tag).orElse(kind.tag())));
        problem.setTitle(reason.map(Answer::title).orElse("Webhook not stored"));
        ServerResponse.BodyBuilder builder = ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.SERVICE_UNAVAILABLE || status == HttpStatus.TOO_MANY_REQUESTS) {
            builder.header(HttpHeaders.RETRY_AFTER, "2");
        }
        return builder.bodyValue(problem);
    }
}
