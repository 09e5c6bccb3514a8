package kz.kaspibridge.kaspiclient.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import kz.kaspibridge.kaspiclient.KaspiApiException;
import kz.kaspibridge.kaspiclient.RateLimitSettings;
import kz.kaspibridge.kaspiclient.RetrySettings;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.calls.CallKind;
import kz.kaspibridge.sandbox.calls.InFlightLimit;
import kz.kaspibridge.sandbox.admin.SandboxAdmin;
import kz.kaspibridge.sandbox.faults.FaultRule;
import kz.kaspibridge.sandbox.webhooks.WebhookAttempt;
import kz.kaspibridge.schemas.webhooks.WebhookSignatures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Delivery API client against the sandbox, and the sandbox's signed webhooks with retries.
 * Sandbox time runs 60x: a 1 s sandbox backoff is ~17 ms of wall time.
 */
class KaspiDeliveryClientIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SECRET = "whsec_dGVzdC1vbmx5LXdlYmhvb2stc2VjcmV0LTAwMDE=";
    private static final int FAILED_ATTEMPTS = 2;

    private static WebhookReceiver receiver;
    private static KaspiSandbox sandbox;
    private static SandboxAdmin admin;
    private KaspiDeliveryClient client;

    @BeforeAll
    static void start() {
        receiver = new WebhookReceiver(FAILED_ATTEMPTS);
        sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults()
                .withDeliveryApiKey("fake-delivery-key-for-tests")
                .withWebhook(URI.create(receiver.url()), SECRET)
                .withClockScale(60)
                .withDeliveryStep(Duration.ofMinutes(5))
                .withWebhookInitialBackoff(Duration.ofSeconds(1)));
        admin = sandbox.admin();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        receiver.close();
    }

    @BeforeEach
    void freshState() {
        admin.reset();
        receiver.clear();
        client = new KaspiDeliveryClient(DeliveryClientSettings.defaults(URI.create(sandbox.deliveryApiUrl()),
                        "fake-delivery-key-for-tests")
                .withRetry(new RetrySettings(3, Duration.ofMillis(20), Duration.ofMillis(100), 0.5, Duration.ofSeconds(5))),
                new SimpleMeterRegistry());
    }

    private static DeliveryRequest request(String orderCode) {
        return new DeliveryRequest(orderCode,
                new DeliveryRequest.Place("Алматы, улица Жибек Жолы, 21", new DeliveryRequest.Contact("Склад", "77270000000"), null),
                new DeliveryRequest.Place("Алматы, проспект Абылай хана, 17", new DeliveryRequest.Contact("Дана", "77010000000"), "Подъезд B"),
                new DeliveryRequest.Parcel("Электроника", 1200, 85_000));
    }

    @Test
    void manyConcurrentCallsOnOneApiKeyFromSeparateClientsAllSucceedOneAtATime() {
        KaspiDeliveryClient other = new KaspiDeliveryClient(DeliveryClientSettings.defaults(
                URI.create(sandbox.deliveryApiUrl()), "fake-delivery-key-for-tests")
                .withRateLimit(new RateLimitSettings(1000, 100)), new SimpleMeterRegistry());
        KaspiDeliveryClient fast = new KaspiDeliveryClient(DeliveryClientSettings.defaults(
                URI.create(sandbox.deliveryApiUrl()), "fake-delivery-key-for-tests")
                .withRateLimit(new RateLimitSettings(1000, 100)), new SimpleMeterRegistry());

        List<Delivery> booked = Flux.merge(
                        Flux.range(0, 15).flatMap(i -> fast.book("62000" + i, request("62000" + i)), 15),
                        Flux.range(0, 15).flatMap(i -> other.book("63000" + i, request("63000" + i)), 15))
                .collectList().block(WAIT);
        List<Delivery> read = Flux.fromIterable(booked).flatMap(d -> client.get(d.deliveryId()), 30).collectList().block(WAIT);

        assertThat(booked).hasSize(30);
        assertThat(read).hasSize(30);
        assertThat(admin.highestConcurrency(InFlightLimit.DELIVERY_LABEL)).isEqualTo(1);
        assertThat(admin.concurrencyRejections()).isZero();
        await().atMost(WAIT).until(() -> fast.permits().inUse() == 0 && fast.permits().waiting() == 0);
    }

    @Test
    void bookingTwiceWithOneKeyCreatesOneDelivery() {
        Delivery first = client.book("600000001", request("600000001")).block(WAIT);
        Delivery second = client.book("600000001", request("600000001")).block(WAIT);

        assertThat(first.status()).isEqualTo(DeliveryStatus.CREATED);
        assertThat(first.trackingUrl()).endsWith(first.deliveryId().value());
        assertThat(first.pickupBy()).isBefore(first.deliveryBy());
        assertThat(second).isEqualTo(first);
        assertThat(admin.calls(CallKind.DELIVERY_BOOK, "600000001")).isEqualTo(2);
        assertThat(admin.calls(CallKind.DELIVERY_CREATED, "600000001")).isEqualTo(1);
    }

    @Test
    void aBookingRetriedAfterA503StillCreatesOneDelivery() {
        admin.injectFault(FaultRule.serverError("delivery.create", 503).times(1));
        Delivery booked = client.book("600000002", request("600000002")).block(WAIT);
        assertThat(admin.delivery(booked.deliveryId().value())).isPresent();
        assertThat(admin.calls(CallKind.DELIVERY_CREATED, "600000002")).isEqualTo(1);
    }

    @Test
    void readsADeliveryAndMapsUnknownIdsAndWrongKeys() {
        Delivery booked = client.book("600000003", request("600000003")).block(WAIT);
        Delivery read = client.get(booked.deliveryId()).block(WAIT);
        assertThat(read.externalOrderId()).isEqualTo("600000003");
        assertThat(read.deliveryId()).isEqualTo(booked.deliveryId());

        assertThatThrownBy(() -> client.get(new DeliveryId("dlv_unknown")).block(WAIT))
                .isInstanceOf(KaspiApiException.NotFound.class);
        KaspiDeliveryClient wrongKey = new KaspiDeliveryClient(
                DeliveryClientSettings.defaults(URI.create(sandbox.deliveryApiUrl()), "not-the-key"),
                new SimpleMeterRegistry());
        assertThatThrownBy(() -> wrongKey.get(booked.deliveryId()).block(WAIT))
                .isInstanceOf(KaspiApiException.Unauthorized.class)
                .hasMessageNotContaining("not-the-key");
    }

    @Test
    void cancelsBeforePickupButNotOnceInTransit() {
        Delivery early = client.book("600000004", request("600000004")).block(WAIT);
        assertThat(client.cancel(early.deliveryId(), "600000004-cancel", "Покупатель передумал").block(WAIT).status())
                .isEqualTo(DeliveryStatus.CANCELLED);
        assertThat(client.cancel(early.deliveryId(), "600000004-cancel", null).block(WAIT).status()).isEqualTo(DeliveryStatus.CANCELLED);
        assertThat(admin.delivery(early.deliveryId().value()).orElseThrow().cancelIdempotencyKey())
                .isEqualTo("600000004-cancel");

        Delivery late = client.book("600000005", request("600000005")).block(WAIT);
        admin.advanceClock(Duration.ofMinutes(11));
        await().atMost(WAIT).until(() -> client.get(late.deliveryId()).block(WAIT).status() == DeliveryStatus.IN_TRANSIT);
        assertThatThrownBy(() -> client.cancel(late.deliveryId(), "600000005-cancel", null).block(WAIT))
                .isInstanceOfSatisfying(KaspiApiException.Rejected.class, rejected -> {
                    assertThat(rejected.status()).isEqualTo(409);
                    assertThat(rejected.title()).isEqualTo("Delivery already in transit");
                });
        assertThat(admin.calls(CallKind.DELIVERY_CANCEL, late.deliveryId().value())).isEqualTo(1);
    }

    @Test
    void aMalformedDeliveryBodyIsATypedError() {
        Delivery booked = client.book("600000006", request("600000006")).block(WAIT);
        admin.injectFault(FaultRule.malformedJson("delivery.get"));
        assertThatThrownBy(() -> client.get(booked.deliveryId()).block(WAIT))
                .isInstanceOf(KaspiApiException.MalformedResponse.class);
    }

    @Test
    void everyStepIsASignedWebhookRetriedWithTheSameEventIdUntilAccepted() {
        Delivery booked = client.book("600000007", request("600000007")).block(WAIT);
        admin.advanceClock(Duration.ofMinutes(25));

        // 5 statuses, each answered 503 twice and then 204.
        await().atMost(WAIT).until(() -> receiver.received().stream().filter(r -> r.answeredWith() == 204).count() == 5);
        JsonMapper json = JsonMapper.shared();
        List<byte[]> keys = List.of(WebhookSignatures.decodeSecret(SECRET));
        Map<String, List<WebhookReceiver.Received>> byEvent = receiver.received().stream()
                .collect(Collectors.groupingBy(WebhookReceiver.Received::id));
        assertThat(byEvent).hasSize(5);

        List<String> types = byEvent.values().stream()
                .map(attempts -> json.readTree(attempts.get(0).body()).path("type").asString())
                .sorted().collect(Collectors.toList());
        assertThat(types).containsExactly("delivery.accepted", "delivery.created", "delivery.delivered",
                "delivery.in_transit", "delivery.out_for_delivery");

        byEvent.forEach((eventId, attempts) -> {
            assertThat(attempts).hasSize(FAILED_ATTEMPTS + 1);
            for (int i = 0; i < attempts.size(); i++) {
                WebhookReceiver.Received attempt = attempts.get(i);
                JsonNode payload = json.readTree(attempt.body());
                assertThat(payload.path("eventId").asString()).isEqualTo(eventId);
                assertThat(payload.path("attempt").asInt()).isEqualTo(i + 1);
                assertThat(payload.path("data").path("deliveryId").asString()).isEqualTo(booked.deliveryId().value());
                assertThat(payload.path("data").path("externalOrderId").asString()).isEqualTo("600000007");
                assertThat(payload.path("type").asString()).isEqualTo("delivery." + payload.path("data").path("status").asString());
                assertThat(WebhookSignatures.verify(keys, attempt.id(), attempt.timestamp(), attempt.body(),
                        attempt.signature())).as("signature of attempt %d of %s", i + 1, eventId).isTrue();
                assertThat(WebhookSignatures.verify(keys, attempt.id(), attempt.timestamp(),
                        (attempt.text() + " ").getBytes(StandardCharsets.UTF_8), attempt.signature())).isFalse();
            }
        });

        // The schedule, in sandbox time: retry n waits initialBackoff * 2^(n-1).
        Map<String, List<WebhookAttempt>> log = admin.webhookAttempts().stream()
                .collect(Collectors.groupingBy(WebhookAttempt::eventId));
        log.values().forEach(attempts -> {
            assertThat(attempts).extracting(WebhookAttempt::attempt).containsExactly(1, 2, 3);
            assertThat(Duration.between(attempts.get(0).sentAt(), attempts.get(0).nextAttemptAt())).isEqualTo(Duration.ofSeconds(1));
            assertThat(Duration.between(attempts.get(1).sentAt(), attempts.get(1).nextAttemptAt())).isEqualTo(Duration.ofSeconds(2));
            assertThat(attempts.get(2).delivered()).isTrue();
            assertThat(attempts.get(2).nextAttemptAt()).isNull();
            assertThat(attempts.get(1).sentAt()).isAfterOrEqualTo(attempts.get(0).nextAttemptAt());
        });
    }
}
