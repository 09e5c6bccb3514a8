package kz.kaspibridge.sandbox.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import kz.kaspibridge.sandbox.clock.SandboxClock;
import kz.kaspibridge.sandbox.config.KaspiSandboxProperties;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

class WebhookSenderTest {

    @Test
    void backoffDoublesFromTheInitialIntervalUpToTheCap() {
        KaspiSandboxProperties.Webhook settings = new KaspiSandboxProperties.Webhook(null, null,
                Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(24), Duration.ofSeconds(5));
        WebhookSender sender = new WebhookSender(WebClient.create(), new SandboxClock(Clock.systemUTC(), 1, null),
                null, settings, new SimpleMeterRegistry());

        assertThat(sender.backoff(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(sender.backoff(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(sender.backoff(5)).isEqualTo(Duration.ofSeconds(160));
        assertThat(sender.backoff(10)).isEqualTo(Duration.ofHours(1));
        assertThat(sender.backoff(60)).isEqualTo(Duration.ofHours(1));
    }
}
