package kz.kaspibridge.webhookingress.http;

import io.micrometer.core.instrument.Timer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import kz.kaspibridge.webhookingress.intake.MerchantEndpoint;
import kz.kaspibridge.webhookingress.intake.Outcome;
import kz.kaspibridge.webhookingress.intake.Rejection;
import kz.kaspibridge.webhookingress.intake.SignedRequest;
import kz.kaspibridge.webhookingress.intake.WebhookIntake;
import kz.kaspibridge.schemas.webhooks.WebhookSignatures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The HTTP edge of one merchant's endpoint: enforces the size limit while reading (413 before a
 * byte past the limit is buffered), hands the raw bytes to {@link WebhookIntake} off the event
 * loop, and answers its {@link Outcome} as {@link Answer} says.
 */
final class DeliveryWebhookHandler {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWebhookHandler.class);

    private final WebhookIntake intake;
    private final WebhookMetrics metrics;
    private final Scheduler intakeScheduler;
    private final long maxBodyBytes;
    private final Duration answerDeadline;

    /**
     * @param answerDeadline the intake answers 503 itself after its store timeout; this slightly
     *                       longer deadline also covers a producer that blocks before it returns
     */
    DeliveryWebhookHandler(WebhookIntake intake, WebhookMetrics metrics, Scheduler intakeScheduler, long maxBodyBytes,
            Duration answerDeadline) {
        this.intake = intake;
        this.metrics = metrics;
        this.intakeScheduler = intakeScheduler;
        this.maxBodyBytes = maxBodyBytes;
        this.answerDeadline = answerDeadline;
    }

    Mono<ServerResponse> handle(MerchantEndpoint merchant, ServerRequest request) {
        Timer.Sample sample = metrics.started(merchant.merchantId());
        return receive(merchant, request)
                .onErrorResume(e -> {
                    // A bug must not surface as a 2xx: 503 makes Kaspi retry.
                    log.error("webhook intake failed merchantId={}", merchant.merchantId(), e);
                    return Mono.just(new Outcome.Unavailable("internal error, retry later"));
                })
                .map(Answer::of)
                .doOnNext(answer -> {
                    metrics.finished(merchant.merchantId(), sample, answer);
                    answer.logLine().accept(log, merchant.merchantId());
                })
                .flatMap(Answer::response);
    }

    private Mono<Outcome> receive(MerchantEndpoint merchant, ServerRequest request) {
        if (request.headers().contentLength().orElse(0) > maxBodyBytes) {
            return Mono.just(tooLarge());
        }
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), (int) maxBodyBytes)
                .map(DeliveryWebhookHandler::bytes)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> Mono.defer(() -> Mono.fromFuture(intake.receive(merchant, signedRequest(request, body))))
                        .subscribeOn(intakeScheduler)
                        .timeout(answerDeadline, Mono.fromSupplier(() ->
                                new Outcome.Unavailable("Kafka did not acknowledge the webhook in time, retry later"))))
                .onErrorResume(DataBufferLimitException.class, e -> Mono.just(tooLarge()));
    }

    private Outcome tooLarge() {
        return new Outcome.Rejected(Rejection.SIZE, "the body exceeds " + maxBodyBytes + " bytes");
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private static SignedRequest signedRequest(ServerRequest request, byte[] body) {
        HttpHeaders headers = request.headers().asHttpHeaders();
        Map<String, String> archived = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("webhook-") || lower.startsWith("content-")) {
                archived.put(lower, String.join(",", values));
            }
        });
        String source = request.remoteAddress()
                .map(InetSocketAddress::getAddress)
                .map(java.net.InetAddress::getHostAddress)
                .orElse("unknown");
        return new SignedRequest(headers.getFirst(WebhookSignatures.ID_HEADER),
                headers.getFirst(WebhookSignatures.TIMESTAMP_HEADER),
                headers.getFirst(WebhookSignatures.SIGNATURE_HEADER), body, archived, source);
    }
}
