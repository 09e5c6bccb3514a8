package kz.kaspibridge.webhookingress.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import kz.kaspibridge.webhookingress.intake.Outcome;
import kz.kaspibridge.webhookingress.intake.Rejection;

/**
 * The {@code kaspi.webhook.*} meters. Tags are bounded: the configured merchant id, the rejection
 * reason and the outcome; never an order code or an eventId.
 */
final class WebhookMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger inFlight;

    WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.inFlight = registry.gauge("kaspi.webhook.in_flight", new AtomicInteger());
    }

    Timer.Sample started(String merchantId) {
        inFlight.incrementAndGet();
        counter("kaspi.webhook.received", "merchant", merchantId).increment();
        return Timer.start(registry);
    }

    void finished(String merchantId, Timer.Sample sample, Outcome outcome) {
        inFlight.decrementAndGet();
        count(merchantId, outcome);
        sample.stop(Timer.builder("kaspi.webhook.latency")
                .description("From request to answer, body read and Kafka acknowledgement included")
                .tag("merchant", merchantId)
                .tag("outcome", outcomeTag(outcome))
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(2))
                .register(registry));
    }

    private void count(String merchantId, Outcome outcome) {
        if (outcome instanceof Outcome.Rejected) {
            Rejection reason = ((Outcome.Rejected) outcome).reason();
            counter("kaspi.webhook.rejected", "merchant", merchantId, "reason", reason.tag()).increment();
            if (reason == Rejection.SCHEMA || reason == Rejection.RATE) {
                counter("kaspi.webhook.verified", "merchant", merchantId).increment();
            }
            return;
        }
        counter("kaspi.webhook.verified", "merchant", merchantId).increment();
        if (outcome instanceof Outcome.Duplicate) {
            counter("kaspi.webhook.duplicates", "merchant", merchantId).increment();
        } else if (outcome instanceof Outcome.Persisted) {
            counter("kaspi.webhook.produced", "merchant", merchantId, "kind", "report").increment();
        } else if (outcome instanceof Outcome.Archived) {
            counter("kaspi.webhook.produced", "merchant", merchantId, "kind", "archive_only").increment();
        } else if (outcome instanceof Outcome.Unavailable) {
            counter("kaspi.webhook.unavailable", "merchant", merchantId).increment();
        }
    }

    static String outcomeTag(Outcome outcome) {
        if (outcome instanceof Outcome.Persisted) {
            return "persisted";
        } else if (outcome instanceof Outcome.Archived) {
            return "archived";
        } else if (outcome instanceof Outcome.Duplicate) {
            return "duplicate";
        } else if (outcome instanceof Outcome.Unavailable) {
            return "unavailable";
        }
        return "rejected";
    }

    private Counter counter(String name, String... tags) {
        return registry.counter(name, tags);
    }
}
