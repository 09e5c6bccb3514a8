package kz.kaspibridge.sandbox.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.clock.SandboxClock;
import kz.kaspibridge.sandbox.clock.Timeline;
import kz.kaspibridge.sandbox.config.KaspiSandboxProperties;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

class WebhookSenderTest {

    @Test
    void backoffDoublesFromTheInitialIntervalUpToTheCap() {
        WebhookSender sender = new WebhookSender(WebClient.create(), new SandboxClock(Clock.systemUTC(), 1, null),
                null, settings(null), new SimpleMeterRegistry());

        assertThat(sender.backoff(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(sender.backoff(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(sender.backoff(5)).isEqualTo(Duration.ofSeconds(160));
        assertThat(sender.backoff(10)).isEqualTo(Duration.ofHours(1));
        assertThat(sender.backoff(60)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aReceiverThatDoesNotAnswerIsAFailedAttemptCountedByItsCauseAndRetried() throws IOException {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SandboxClock clock = new SandboxClock(Clock.systemUTC(), 1, null);
        try (Timeline timeline = new Timeline(clock, Duration.ofMillis(20))) {
            WebhookSender sender = new WebhookSender(WebClient.create(), clock, timeline,
                    settings(URI.create("http://127.0.0.1:" + closedPort() + "/hooks")), meters);

            sender.publish("delivery.accepted", new DeliveryEvent("dlv_1", "700000001", "accepted", Instant.now()));

            await().atMost(Duration.ofSeconds(30)).until(() -> !sender.attempts().isEmpty());
            WebhookAttempt attempt = sender.attempts().get(0);
            assertThat(attempt.status()).isZero();
            assertThat(attempt.nextAttemptAt()).isNotNull();
            assertThat(meters.find("kaspi.sandbox.webhooks.transport.errors").counters())
                    .extracting(Counter::count).containsExactly(1.0);
            assertThat(timeline.pending()).isEqualTo(1);
        }
    }

    private static KaspiSandboxProperties.Webhook settings(URI url) {
        return new KaspiSandboxProperties.Webhook(url, KaspiSandbox.DEFAULT_WEBHOOK_SECRET,
                Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(24), Duration.ofSeconds(5));
    }

    // A port that was free a moment ago: connecting to it is refused.
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
