package kz.kaspibridge.webhookingress.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import kz.kaspibridge.webhookingress.intake.Rejection;

/**
 * The {@code kaspi.webhook.*} meters. Tags are bounded: the configured merchant id, the rejection
 * reason and the outcome; never an order code or an eventId.
 */
final class WebhookMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger inFlight;

    /**
     * @param merchantIds the configured merchants: their error counters exist at 0 from the start, so the error
     *                    panels and a rate of the first 503 or rejection have a series to start from
     */
    WebhookMetrics(MeterRegistry registry, Collection<String> merchantIds) {
        this.registry = registry;
        this.inFlight = registry.gauge("kaspi.webhook.in_flight", new AtomicInteger());
        for (String merchantId : merchantIds) {
            for (Rejection reason : Rejection.values()) {
                counter("kaspi.webhook.rejected", "merchant", merchantId, "reason", reason.tag());
            }
            counter("kaspi.webhook.duplicates", "merchant", merchantId);
            counter("kaspi.webhook.unavailable", "merchant", merchantId);
        }
    }

    Timer.Sample started(String merchantId) {
        inFlight.incrementAndGet();
        counter("kaspi.webhook.received", "merchant", merchantId).increment();
        return Timer.start(registry);
    }

    void finished(String merchantId, Timer.Sample sample, Answer answer) {
        inFlight.decrementAndGet();
        count(merchantId, answer);
        sample.stop(Timer.builder("kaspi.webhook.latency")
                .description("From request to answer, body read and Kafka acknowledgement included")
                .tag("merchant", merchantId)
                .tag("outcome", answer.kind().tag())
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(2))
                .register(registry));
    }

    private void count(String merchantId, Answer answer) {
        // Verified: signature and timestamp passed, which every outcome but those three rejections means.
        boolean verified = answer.reason().map(r -> r == Rejection.SCHEMA || r == Rejection.RATE).orElse(true);
        if (verified) {
            counter("kaspi.webhook.verified", "merchant", merchantId).increment();
        }
        switch (answer.kind()) {
            case REJECTED -> counter("kaspi.webhook.rejected", "merchant", merchantId, "reason",
                    answer.reason().orElseThrow().tag()).increment();
            case DUPLICATE -> counter("kaspi.webhook.duplicates", "merchant", merchantId).increment();
            case PERSISTED -> counter("kaspi.webhook.produced", "merchant", merchantId, "kind", "report").increment();
            case ARCHIVED -> counter("kaspi.webhook.produced", "merchant", merchantId, "kind", "archive_only")
                    .increment();
            case UNAVAILABLE -> counter("kaspi.webhook.unavailable", "merchant", merchantId).increment();
        }
    }

    private Counter counter(String name, String... tags) {
        return registry.counter(name, tags);
    }
}
