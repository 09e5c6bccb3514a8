package kz.kaspibridge.deliverygateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.calls.CallKind;
import kz.kaspibridge.sandbox.delivery.DeliverySnapshot;
import kz.kaspibridge.sandbox.faults.FaultRule;
import kz.kaspibridge.schemas.common.DeliveryStatus;
import kz.kaspibridge.schemas.delivery.DeliveryBooked;
import kz.kaspibridge.schemas.delivery.DeliveryBookingFailed;
import kz.kaspibridge.schemas.delivery.DeliveryCancelRejected;
import kz.kaspibridge.schemas.delivery.DeliveryCancelled;
import kz.kaspibridge.schemas.delivery.DeliveryCommand;
import kz.kaspibridge.schemas.delivery.DeliveryEvent;
import kz.kaspibridge.schemas.delivery.DeliveryStatusChanged;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.RecordWriter;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The gateway against the sandbox's Delivery API over HTTP, the real broker and the registry. The sandbox's
 * webhook receiver is down here (a closed port), so statuses reach the gateway only as the test writes reports, or
 * through reconciliation reads. Tests that advance the sandbox clock (which moves every delivery) run last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeliveryGatewayIT {

    private static final String MERCHANT = "it-gateway";
    private static final String APP = "delivery-gateway-it";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final KafkaClientConfig CLIENT = new KafkaClientConfig(TestStack.bootstrapServers(),
            TestStack.registryUrl(), true);
    /** Own order codes: other ITs share the broker. */
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000);
    private static final Map<String, String> SETTINGS = Map.of(
            "delivery-gateway.reconciliation.after", "4s",
            "delivery-gateway.reconciliation.check", "1s",
            "delivery-gateway.kaspi.give-up-after", "4s");

    private static KaspiSandbox sandbox;
    private static GatewayInstance gateway;
    private static RecordWriter<Object> writer;
    private static RecordReader<DeliveryEvent> events;

    @BeforeAll
    static void start() {
        TestTopics.create(TestStack.bootstrapServers(), List.of(Topics.DELIVERY_COMMANDS.toNewTopic((short) 1),
                Topics.DELIVERY_STATUS_REPORTS.toNewTopic((short) 1)));
        sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults()
                .withWebhook(URI.create("http://127.0.0.1:9/kaspi/webhooks"), KaspiSandbox.DEFAULT_WEBHOOK_SECRET));
        gateway = startGateway();
        writer = new RecordWriter<>(CLIENT.producerProperties());
        events = RecordReader.fromBeginning(Topics.DELIVERY_EVENTS.name(), CLIENT.assignedReaderProperties("gw-it"));
    }

    private static GatewayInstance startGateway() {
        GatewayInstance started = GatewayInstance.start(APP, MERCHANT, sandbox.deliveryApiUrl(),
                sandbox.options().deliveryApiKey(), SETTINGS);
        await().atMost(WAIT).until(() -> started.streamsState() == KafkaStreams.State.RUNNING);
        return started;
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {events, writer, gateway, sandbox}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing the rest matters more
                }
            }
        }
    }

    @Test
    @Order(1)
    void aBookingSucceedsAndTheEventCarriesTheIdTrackingUrlAndEta() {
        String code = "81" + RUN;
        writer.send(Topics.DELIVERY_COMMANDS.name(), code, DeliveryRecords.book(MERCHANT, code, "book-" + code));

        DeliveryEvent booked = awaitEvent(code, DeliveryBooked.class);
        DeliveryBooked payload = (DeliveryBooked) booked.getPayload();
        DeliverySnapshot inKaspi = sandbox.admin().delivery(payload.getDeliveryId()).orElseThrow();
        assertThat(inKaspi.externalOrderId()).isEqualTo(code);
        assertThat(inKaspi.idempotencyKey()).isEqualTo(code);
        assertThat(payload.getStatus()).isEqualTo(DeliveryStatus.CREATED);
        assertThat(payload.getTrackingUrl()).isEqualTo(inKaspi.trackingUrl()).startsWith("https://");
        // The contract's timestamps are milliseconds.
        assertThat(payload.getPickupBy()).isEqualTo(inKaspi.pickupBy().truncatedTo(ChronoUnit.MILLIS));
        assertThat(payload.getDeliveryBy()).isEqualTo(inKaspi.deliveryBy().truncatedTo(ChronoUnit.MILLIS));
        assertThat(booked.getCommandId()).isEqualTo("book-" + code);
        assertThat(booked.getMetadata().getMerchantId()).isEqualTo(MERCHANT);
        assertThat(booked.getMetadata().getCorrelationId()).isEqualTo("corr-" + code);

        DeliveryStatusChanged created = (DeliveryStatusChanged) awaitEvent(code, DeliveryStatusChanged.class)
                .getPayload();
        assertThat(created.getPreviousStatus()).isNull();
        assertThat(created.getStatus()).isEqualTo(DeliveryStatus.CREATED);
        assertThat(created.getDeliveryId()).isEqualTo(payload.getDeliveryId());
    }

    @Test
    @Order(2)
    void aRedeliveredCommandAndA5xxOnTheFirstAttemptStillGiveOneDelivery() {
        String code = "82" + RUN;
        sandbox.admin().injectFault(FaultRule.serverError("delivery.create", 503).times(1));
        DeliveryCommand book = DeliveryRecords.book(MERCHANT, code, "book-" + code);
        writer.send(Topics.DELIVERY_COMMANDS.name(), code, book);
        writer.send(Topics.DELIVERY_COMMANDS.name(), code, book);
        writer.send(Topics.DELIVERY_COMMANDS.name(), code, DeliveryRecords.book(MERCHANT, code, "book-again-" + code));

        awaitEvent(code, DeliveryBooked.class);
        assertOnlyOne(code, DeliveryBooked.class);
        assertThat(sandbox.admin().calls(CallKind.DELIVERY_CREATED, code)).isEqualTo(1);
        assertThat(sandbox.admin().calls(CallKind.DELIVERY_BOOK, code)).isEqualTo(1);
        assertThat(gateway.count("kaspi.client.retries", "reason", "server_error")).isGreaterThanOrEqualTo(1);
        assertThat(gateway.count("kaspi.delivery.bookings", "outcome", "duplicate")).isGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(3)
    void kaspiCreatingTheDeliveryButAnswering504IsRetriedWithTheSameKeyIntoOneDelivery() {
        String code = "83" + RUN;
        sandbox.admin().injectFault(FaultRule.appliedThenError("delivery.create", 504).times(1));
        writer.send(Topics.DELIVERY_COMMANDS.name(), code, DeliveryRecords.book(MERCHANT, code, "book-" + code));

        DeliveryBooked booked = (DeliveryBooked) awaitEvent(code, DeliveryBooked.class).getPayload();
        assertOnlyOne(code, DeliveryBooked.class);
        // Two requests reached Kaspi, the second with the same Idempotency-Key: one delivery, answered twice.
        assertThat(sandbox.admin().calls(CallKind.DELIVERY_BOOK, code)).isEqualTo(2);
        assertThat(sandbox.admin().calls(CallKind.DELIVERY_CREATED, code)).isEqualTo(1);
        assertThat(sandbox.admin().delivery(booked.getDeliveryId()).orElseThrow().externalOrderId()).isEqualTo(code);
    }

    @Test
    @Order(4)
    void aValidationErrorGivesAFailedEventWithTheApiMessageAndNoRetry() {
        String code = "84" + RUN;
        writer.send(Topics.DELIVERY_COMMANDS.name(), code, DeliveryRecords.book(MERCHANT, code, "book-" + code, " "));

        DeliveryEvent failed = awaitEvent(code, DeliveryBookingFailed.class);
        DeliveryBookingFailed payload = (DeliveryBookingFailed) failed.getPayload();
        assertThat(payload.getHttpStatus()).isEqualTo(400);
        assertThat(payload.getReason()).isEqualTo("dropoff.address is required");
        assertThat(failed.getCommandId()).isEqualTo("book-" + code);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> sandbox.admin().calls(CallKind.DELIVERY_BOOK, code) == 1);
        assertThat(sandbox.admin().calls(CallKind.DELIVERY_CREATED, code)).isZero();
    }

    @Test
    @Order(5)
    void aCancelBeforePickupByOrderCodeGivesDeliveryCancelledAndCancellingAgainIsASuccessWithoutACall() {
        String code = "85" + RUN;
        writer.send(Topics.DELIVERY_COMMANDS.name(), code, DeliveryRecords.book(MERCHANT, code, "book-" + code));
        String deliveryId = ((DeliveryBooked) awaitEvent(code, DeliveryBooked.class).getPayload()).getDeliveryId();

        writer.send(Topics.DELIVERY_COMMANDS.name(), code, DeliveryRecords.cancel(MERCHANT, code, "cancel-" + code, null));
        DeliveryEvent cancelled = awaitEvent(code, DeliveryCancelled.class);
        assertThat(((DeliveryCancelled) cancelled.getPayload()).getDeliveryId()).isEqualTo(deliveryId);
        assertThat(cancelled.getCommandId()).isEqualTo("cancel-" + code);
        DeliverySnapshot inKaspi = sandbox.admin().delivery(deliveryId).orElseThrow();
        assertThat(inKaspi.status().name()).isEqualTo("CANCELLED");
        assertThat(inKaspi.cancelIdempotencyKey()).isEqualTo(code + "-cancel");
        awaitEvent(code, e -> e.getPayload() instanceof DeliveryStatusChanged s && s.getStatus() == DeliveryStatus.CANCELLED);

        writer.send(Topics.DELIVERY_COMMANDS.name(), code, DeliveryRecords.cancel(MERCHANT, code, "cancel-2-" + code, null));
        awaitEvent(code, e -> e.getPayload() instanceof DeliveryCancelled && ("cancel-2-" + code).equals(e.getCommandId()));
        assertThat(sandbox.admin().calls(CallKind.DELIVERY_CANCEL, deliveryId)).isEqualTo(1);
    }

    @Test
    @Order(6)
    void outOfOrderAndDuplicateReportsGiveAForwardOnlySequenceWithNoRepeats() {
        String code = "86" + RUN;
        writer.send(Topics.DELIVERY_COMMANDS.name(), code, DeliveryRecords.book(MERCHANT, code, "book-" + code));
        String id = ((DeliveryBooked) awaitEvent(code, DeliveryBooked.class).getPayload()).getDeliveryId();
        Instant t = Instant.now();
        for (DeliveryStatus status : List.of(DeliveryStatus.ACCEPTED, DeliveryStatus.OUT_FOR_DELIVERY,
                DeliveryStatus.IN_TRANSIT, DeliveryStatus.ACCEPTED, DeliveryStatus.OUT_FOR_DELIVERY,
                DeliveryStatus.DELIVERED, DeliveryStatus.IN_TRANSIT, DeliveryStatus.DELIVERED)) {
            writer.send(Topics.DELIVERY_STATUS_REPORTS.name(), code,
                    DeliveryRecords.report(MERCHANT, code, id, status, t = t.plusSeconds(60)));
        }
        awaitEvent(code, e -> e.getPayload() instanceof DeliveryStatusChanged s && s.getStatus() == DeliveryStatus.DELIVERED);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15)).until(() -> statuses(code).size() == 4);
        assertThat(statuses(code)).containsExactly(DeliveryStatus.CREATED, DeliveryStatus.ACCEPTED,
                DeliveryStatus.OUT_FOR_DELIVERY, DeliveryStatus.DELIVERED);
        assertThat(gateway.count("kaspi.delivery.reports", "outcome", "stale")).isGreaterThanOrEqualTo(3);
        assertThat(gateway.count("kaspi.delivery.reports", "outcome", "duplicate")).isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(7)
    void aCancelInTransitGets409AndDeliveryCancelRejected() {
        String code = "87" + RUN;
        writer.send(Topics.DELIVERY_COMMANDS.name(), code, DeliveryRecords.book(MERCHANT, code, "book-" + code));
        String id = ((DeliveryBooked) awaitEvent(code, DeliveryBooked.class).getPayload()).getDeliveryId();
        sandbox.admin().advanceClock(Duration.ofMinutes(11));
        await().atMost(WAIT).until(() -> "IN_TRANSIT".equals(sandbox.admin().delivery(id).orElseThrow().status().name()));

        writer.send(Topics.DELIVERY_COMMANDS.name(), code, DeliveryRecords.cancel(MERCHANT, code, "cancel-" + code, null));
        DeliveryEvent rejected = awaitEvent(code, DeliveryCancelRejected.class);
        assertThat(((DeliveryCancelRejected) rejected.getPayload()).getReason()).isEqualTo("Delivery already in transit");
        assertThat(((DeliveryCancelRejected) rejected.getPayload()).getDeliveryId()).isEqualTo(id);
        assertThat(sandbox.admin().calls(CallKind.DELIVERY_CANCEL, id)).isEqualTo(1);
        assertThat(events.records().stream().noneMatch(r -> code.equals(r.key())
                && r.value().getPayload() instanceof DeliveryCancelled)).isTrue();
        // The gateway learned the status the refusal implied, forward only.
        awaitEvent(code, e -> e.getPayload() instanceof DeliveryStatusChanged s && s.getStatus() == DeliveryStatus.IN_TRANSIT);
    }

    @Test
    @Order(8)
    void aWebhookTheSandboxNeverDeliversIsCaughtByReconciliation() {
        String code = "88" + RUN;
        writer.send(Topics.DELIVERY_COMMANDS.name(), code, DeliveryRecords.book(MERCHANT, code, "book-" + code));
        String id = ((DeliveryBooked) awaitEvent(code, DeliveryBooked.class).getPayload()).getDeliveryId();
        double fixedBefore = gateway.count("kaspi.delivery.reconciliation", "outcome", "fixed");

        sandbox.admin().advanceClock(Duration.ofMinutes(6));
        await().atMost(WAIT).until(() -> "ACCEPTED".equals(sandbox.admin().delivery(id).orElseThrow().status().name()));
        // Kaspi tried to tell us and could not: the receiver is down.
        await().atMost(WAIT).until(() -> sandbox.admin().webhookAttempts().stream()
                .anyMatch(a -> id.equals(a.deliveryId()) && "delivery.accepted".equals(a.type()) && !a.delivered()));

        DeliveryStatusChanged accepted = (DeliveryStatusChanged) awaitEvent(code, e -> e.getPayload()
                instanceof DeliveryStatusChanged s && s.getStatus() == DeliveryStatus.ACCEPTED).getPayload();
        assertThat(accepted.getPreviousStatus()).isEqualTo(DeliveryStatus.CREATED);
        assertThat(gateway.count("kaspi.delivery.reconciliation", "outcome", "fixed")).isGreaterThan(fixedBefore);
        assertThat(gateway.count("kaspi.delivery.reconciliation", "outcome", "requested")).isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(9)
    void aRestartMidLifecycleLosesAndRepeatsNoStatus() {
        String code = "89" + RUN;
        writer.send(Topics.DELIVERY_COMMANDS.name(), code, DeliveryRecords.book(MERCHANT, code, "book-" + code));
        String id = ((DeliveryBooked) awaitEvent(code, DeliveryBooked.class).getPayload()).getDeliveryId();
        Instant t = Instant.now();
        writer.send(Topics.DELIVERY_STATUS_REPORTS.name(), code,
                DeliveryRecords.report(MERCHANT, code, id, DeliveryStatus.ACCEPTED, t.plusSeconds(1)));
        awaitEvent(code, e -> e.getPayload() instanceof DeliveryStatusChanged s && s.getStatus() == DeliveryStatus.ACCEPTED);

        gateway.close();
        // While it is down: a step, a late copy of an old one, and a duplicate.
        writer.send(Topics.DELIVERY_STATUS_REPORTS.name(), code,
                DeliveryRecords.report(MERCHANT, code, id, DeliveryStatus.IN_TRANSIT, t.plusSeconds(2)));
        writer.send(Topics.DELIVERY_STATUS_REPORTS.name(), code,
                DeliveryRecords.report(MERCHANT, code, id, DeliveryStatus.ACCEPTED, t.plusSeconds(1)));
        writer.send(Topics.DELIVERY_STATUS_REPORTS.name(), code,
                DeliveryRecords.report(MERCHANT, code, id, DeliveryStatus.IN_TRANSIT, t.plusSeconds(2)));
        // A new instance with an empty state directory: the store comes back from its changelog.
        gateway = startGateway();
        awaitEvent(code, e -> e.getPayload() instanceof DeliveryStatusChanged s && s.getStatus() == DeliveryStatus.IN_TRANSIT);
        writer.send(Topics.DELIVERY_STATUS_REPORTS.name(), code,
                DeliveryRecords.report(MERCHANT, code, id, DeliveryStatus.OUT_FOR_DELIVERY, t.plusSeconds(3)));
        writer.send(Topics.DELIVERY_STATUS_REPORTS.name(), code,
                DeliveryRecords.report(MERCHANT, code, id, DeliveryStatus.DELIVERED, t.plusSeconds(4)));
        awaitEvent(code, e -> e.getPayload() instanceof DeliveryStatusChanged s && s.getStatus() == DeliveryStatus.DELIVERED);

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15)).until(() -> statuses(code).size() == 5);
        assertThat(statuses(code)).containsExactly(DeliveryStatus.CREATED, DeliveryStatus.ACCEPTED,
                DeliveryStatus.IN_TRANSIT, DeliveryStatus.OUT_FOR_DELIVERY, DeliveryStatus.DELIVERED);
        assertOnlyOne(code, DeliveryBooked.class);
    }

    @Test
    @Order(10)
    void kaspiDownPastTheRetryBudgetFailsTheBookingWithItsStatusAndKeepsTheIntentInTheDeadLetterTopic() {
        String code = "90" + RUN;
        FaultRule down = FaultRule.serverError("delivery.create", 503);
        sandbox.admin().injectFault(down);
        try (RecordReader<String> dead = RecordReader.fromBeginning("delivery-gateway.requests-dlt",
                CLIENT.plainTextReaderProperties("gw-it-requests-dlt"))) {
            writer.send(Topics.DELIVERY_COMMANDS.name(), code, DeliveryRecords.book(MERCHANT, code, "book-" + code));

            DeliveryBookingFailed failed = (DeliveryBookingFailed) awaitEvent(code, DeliveryBookingFailed.class)
                    .getPayload();
            assertThat(failed.getHttpStatus()).isEqualTo(503);
            assertThat(failed.getReason()).startsWith("no answer from the Delivery API after retries");
            assertThat(dead.await(r -> code.equals(r.key()), WAIT).value()).contains("\"type\":\"BOOK\"");
        } finally {
            sandbox.admin().clearFaults();
        }
        assertThat(sandbox.admin().calls(CallKind.DELIVERY_CREATED, code)).isZero();
    }

    @Test
    @Order(11)
    void aBookingForAMerchantWithoutAnApiKeyFailsAtOnceNamingWhy() {
        String code = "92" + RUN;
        writer.send(Topics.DELIVERY_COMMANDS.name(), code, DeliveryRecords.book("no-such-merchant", code, "book-" + code));

        DeliveryBookingFailed failed = (DeliveryBookingFailed) awaitEvent(code, DeliveryBookingFailed.class)
                .getPayload();
        assertThat(failed.getReason()).isEqualTo("no Delivery API key configured for merchant no-such-merchant");
        assertThat(failed.getHttpStatus()).isNull();
        assertThat(sandbox.admin().calls(CallKind.DELIVERY_BOOK, code)).isZero();
    }

    @Test
    @Order(12)
    void aMalformedAnswerFromTheDeliveryApiIsRetriedIntoOneDelivery() {
        String code = "93" + RUN;
        // A truncated body (a proxy cut the answer short) says nothing about the intent: it is retried like a 5xx.
        sandbox.admin().injectFault(FaultRule.malformedJson("delivery.create").times(1));
        writer.send(Topics.DELIVERY_COMMANDS.name(), code, DeliveryRecords.book(MERCHANT, code, "book-" + code));

        awaitEvent(code, DeliveryBooked.class);
        assertOnlyOne(code, DeliveryBooked.class);
        assertThat(events.records().stream().filter(r -> code.equals(r.key()))
                .map(r -> r.value().getPayload()).filter(DeliveryBookingFailed.class::isInstance)).isEmpty();
        assertThat(sandbox.admin().calls(CallKind.DELIVERY_CREATED, code)).isEqualTo(1);
    }

    private static DeliveryEvent awaitEvent(String code, Class<?> payload) {
        return awaitEvent(code, e -> payload.isInstance(e.getPayload()));
    }

    private static DeliveryEvent awaitEvent(String code, Predicate<DeliveryEvent> matching) {
        return events.await(r -> code.equals(r.key()) && matching.test(r.value()), WAIT).value();
    }

    private static List<DeliveryStatus> statuses(String code) {
        return events.records().stream().filter(r -> code.equals(r.key()))
                .map(ConsumerRecord::value).filter(e -> e.getPayload() instanceof DeliveryStatusChanged)
                .map(e -> ((DeliveryStatusChanged) e.getPayload()).getStatus()).toList();
    }

    private static void assertOnlyOne(String code, Class<?> payload) {
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15)).until(() -> events.records().stream()
                .filter(r -> code.equals(r.key()) && payload.isInstance(r.value().getPayload())).count() == 1);
    }
}
