package kz.kaspibridge.deliverygateway.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import kz.kaspibridge.deliverygateway.deliveries.TrackedDelivery;
import kz.kaspibridge.deliverygateway.kaspi.Intent;
import kz.kaspibridge.deliverygateway.kaspi.Outcome;
import kz.kaspibridge.schemas.common.DeliveryStatus;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.delivery.BookDelivery;
import kz.kaspibridge.schemas.delivery.CancelDelivery;
import kz.kaspibridge.schemas.delivery.DeliveryBooked;
import kz.kaspibridge.schemas.delivery.DeliveryBookingFailed;
import kz.kaspibridge.schemas.delivery.DeliveryCancelled;
import kz.kaspibridge.schemas.delivery.DeliveryCommand;
import kz.kaspibridge.schemas.delivery.DeliveryEvent;
import kz.kaspibridge.schemas.delivery.DeliveryStatusChanged;
import kz.kaspibridge.schemas.delivery.DeliveryStatusReported;
import kz.kaspibridge.schemas.delivery.Parcel;
import kz.kaspibridge.schemas.delivery.Stop;
import kz.kaspibridge.schemas.serde.JsonSerde;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.HandClock;
import kz.kaspibridge.testsupport.PlainAvroSerde;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's whole topology in a {@link TopologyTestDriver}: commands, webhooks and API answers in, events out. */
class DeliveryGatewayTopologyTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String MERCHANT = "m1";
    private static final Duration SWEEP = Duration.ofMinutes(1);
    private static final int SLICE = 1000;
    private static final Duration RECONCILE_AFTER = Duration.ofMinutes(10);
    private static final int RECONCILE_BATCH = 2;
    private static final Duration RETENTION = Duration.ofDays(7);
    private static final Duration UNKNOWN_WAIT = Duration.ofDays(1);
    private static final String URL = "https://kaspi.example/track/";
    private static final Instant PICKUP_BY = T0.plus(Duration.ofHours(2));
    private static final Instant DELIVERY_BY = T0.plus(Duration.ofHours(8));

    private static final Stop PICKUP = Stop.newBuilder().setAddress("Abay 1").setContactName("Shop")
            .setContactPhone("+77000000001").setNotes(null).build();
    private static final Stop DROPOFF = Stop.newBuilder().setAddress("Dostyk 5, apt 7").setContactName("Aigerim")
            .setContactPhone("+77000000002").setNotes("call first").build();
    private static final Parcel PARCEL = Parcel.newBuilder().setDescription("1 x Phone").setWeightGrams(450)
            .setValueKzt(150_000).build();

    private final Serde<DeliveryCommand> commandSerde = PlainAvroSerde.of(DeliveryCommand.class);
    private final Serde<DeliveryStatusReported> reportSerde = PlainAvroSerde.of(DeliveryStatusReported.class);
    private final Serde<DeliveryEvent> eventSerde = PlainAvroSerde.of(DeliveryEvent.class);

    @TempDir
    Path stateDir;

    private Gateway gateway;

    @BeforeEach
    void start() {
        gateway = new Gateway(stateDir.resolve("main"));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    /** One topology in one driver, its own RocksDB directory, its own settings clock. */
    private final class Gateway implements AutoCloseable {
        final HandClock clock = new HandClock(T0);
        final TopologyTestDriver driver;
        final TestInputTopic<String, DeliveryCommand> commands;
        final TestInputTopic<String, DeliveryStatusReported> reports;
        final TestInputTopic<String, Outcome> outcomes;
        final TestOutputTopic<String, DeliveryEvent> events;
        final TestOutputTopic<String, Intent> requests;
        final TestOutputTopic<String, DeliveryCommand> deadLetters;

        Gateway(Path dir) {
            this(dir, SLICE);
        }

        Gateway(Path dir, int slice) {
            StreamsBuilder builder = new StreamsBuilder();
            DeliveryGatewayTopology.build(builder, new DeliveryGatewayTopology.Settings(commandSerde, reportSerde,
                    eventSerde, clock, SWEEP, slice, RECONCILE_AFTER, RECONCILE_BATCH, RETENTION, UNKNOWN_WAIT,
                    GatewayMetrics.none()));
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "delivery-gateway");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            // Its own RocksDB directory: the default under /tmp is shared by every build on the machine.
            props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
            driver = new TopologyTestDriver(builder.build(), props, T0);
            commands = driver.createInputTopic(Topics.DELIVERY_COMMANDS.name(), Serdes.String().serializer(),
                    commandSerde.serializer());
            reports = driver.createInputTopic(Topics.DELIVERY_STATUS_REPORTS.name(), Serdes.String().serializer(),
                    reportSerde.serializer());
            outcomes = driver.createInputTopic(DeliveryGatewayTopology.OUTCOMES_TOPIC, Serdes.String().serializer(),
                    JsonSerde.of(Outcome.class).serializer());
            events = driver.createOutputTopic(Topics.DELIVERY_EVENTS.name(), Serdes.String().deserializer(),
                    eventSerde.deserializer());
            requests = driver.createOutputTopic(DeliveryGatewayTopology.REQUESTS_TOPIC, Serdes.String().deserializer(),
                    JsonSerde.of(Intent.class).deserializer());
            deadLetters = driver.createOutputTopic(Topics.DELIVERY_COMMANDS.deadLetter().name(),
                    Serdes.String().deserializer(), commandSerde.deserializer());
        }

        void command(DeliveryCommand command) {
            commands.pipeInput(command.getOrderCode(), command, clock.instant());
        }

        void report(String code, String deliveryId, DeliveryStatus status, Instant statusAt) {
            reports.pipeInput(code, statusReport(code, deliveryId, status, statusAt), clock.instant());
        }

        void answer(Outcome outcome) {
            outcomes.pipeInput(outcome.orderCode(), outcome, clock.instant());
        }

        /** Booked at the current clock: BookDelivery {@code <code>-book}, then Kaspi's answer. */
        void bookAndConfirm(String code) {
            command(book(code, code + "-book"));
            answer(booked(code, code + "-book", deliveryId(code)));
        }

        /** Moves the settings clock and the driver's wall clock together, running the due sweeps. */
        void sweepAt(Instant at) {
            clock.set(at);
            driver.advanceWallClockTime(SWEEP);
        }

        TrackedDelivery stored(String code) {
            KeyValueStore<String, TrackedDelivery> store = driver.getKeyValueStore(
                    DeliveryGatewayTopology.DELIVERIES_STORE);
            return store.get(code);
        }

        List<DeliveryStatusChanged> statusChanges() {
            return events.readValuesToList().stream().map(DeliveryEvent::getPayload)
                    .filter(DeliveryStatusChanged.class::isInstance).map(DeliveryStatusChanged.class::cast).toList();
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    // Records as order-command-service, webhook-ingress and the executor write them.

    private static EventMetadata meta() {
        String id = UUID.randomUUID().toString();
        return EventMetadata.newBuilder().setEventId(id).setOccurredAt(T0).setMerchantId(MERCHANT)
                .setCorrelationId("corr-" + id).setCausationId(null).build();
    }

    private static DeliveryCommand book(String code, String commandId) {
        return DeliveryCommand.newBuilder().setMetadata(meta()).setCommandId(commandId).setOrderCode(code)
                .setPayload(BookDelivery.newBuilder().setPickup(PICKUP).setDropoff(DROPOFF).setParcel(PARCEL).build())
                .build();
    }

    private static DeliveryCommand cancel(String code, String commandId, String deliveryId) {
        return DeliveryCommand.newBuilder().setMetadata(meta()).setCommandId(commandId).setOrderCode(code)
                .setPayload(CancelDelivery.newBuilder().setDeliveryId(deliveryId).setReason("customer asked").build())
                .build();
    }

    private static DeliveryStatusReported statusReport(String code, String deliveryId, DeliveryStatus status,
                                                       Instant statusAt) {
        String webhookId = UUID.randomUUID().toString();
        return DeliveryStatusReported.newBuilder().setMetadata(meta()).setOrderCode(code).setWebhookEventId(webhookId)
                .setWebhookType("delivery." + status.name().toLowerCase()).setAttempt(1).setDeliveryId(deliveryId)
                .setStatus(status).setStatusAt(statusAt).build();
    }

    private static String deliveryId(String code) {
        return "DLV-" + code;
    }

    private static Outcome booked(String code, String commandId, String deliveryId) {
        return new Outcome(Outcome.BOOKED, code, commandId, deliveryId, "CREATED", URL + deliveryId, PICKUP_BY,
                DELIVERY_BY, T0, null, null, T0);
    }

    private static Outcome observed(String code, String deliveryId, DeliveryStatus status, Instant statusAt) {
        return new Outcome(Outcome.OBSERVED, code, null, deliveryId, status.name(), null, null, null, statusAt, null,
                null, statusAt);
    }

    private static Instant kaspiTime(DeliveryStatus status) {
        return T0.plus(Duration.ofMinutes(status.ordinal() + 1));
    }

    // Bookings.

    @Test
    void aBookDeliveryRecordsOneBookIntentCarryingWhatToBook() {
        gateway.command(book("A1", "c1"));

        List<TestRecord<String, Intent>> intents = gateway.requests.readRecordsToList();
        assertThat(intents).hasSize(1);
        assertThat(intents.get(0).key()).isEqualTo("A1");
        Intent intent = intents.get(0).value();
        assertThat(intent.type()).isEqualTo(Intent.BOOK);
        assertThat(intent.orderCode()).isEqualTo("A1");
        assertThat(intent.merchantId()).isEqualTo(MERCHANT);
        assertThat(intent.commandId()).isEqualTo("c1");
        assertThat(intent.booking()).isEqualTo(new Intent.Booking(
                new Intent.Stop("Abay 1", "Shop", "+77000000001", null),
                new Intent.Stop("Dostyk 5, apt 7", "Aigerim", "+77000000002", "call first"),
                new Intent.Parcel("1 x Phone", 450, 150_000)));
        assertThat(gateway.events.isEmpty()).isTrue();
    }

    @Test
    void theSameBookDeliveryTwiceOrASecondOneRecordsOneIntent() {
        DeliveryCommand command = book("A1", "c1");

        gateway.command(command);
        gateway.command(command);
        gateway.command(book("A1", "c2"));

        assertThat(gateway.requests.readValuesToList()).extracting(Intent::type, Intent::commandId)
                .containsExactly(tuple(Intent.BOOK, "c1"));
        assertThat(gateway.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aBookedOutcomeEmitsDeliveryBookedAndTheCreatedStatus() {
        DeliveryCommand command = book("A1", "c1");
        gateway.command(command);
        gateway.clock.set(T0.plusSeconds(3));

        gateway.answer(booked("A1", "c1", "DLV-1"));

        List<TestRecord<String, DeliveryEvent>> events = gateway.events.readRecordsToList();
        assertThat(events).hasSize(2).allSatisfy(r -> assertThat(r.key()).isEqualTo("A1"));
        DeliveryEvent bookedEvent = events.get(0).value();
        assertThat(bookedEvent.getOrderCode()).isEqualTo("A1");
        assertThat(bookedEvent.getCommandId()).isEqualTo("c1");
        assertThat(bookedEvent.getMetadata().getMerchantId()).isEqualTo(MERCHANT);
        assertThat(bookedEvent.getMetadata().getCorrelationId())
                .isEqualTo(command.getMetadata().getCorrelationId());
        assertThat(bookedEvent.getPayload()).isEqualTo(DeliveryBooked.newBuilder().setDeliveryId("DLV-1")
                .setStatus(DeliveryStatus.CREATED).setTrackingUrl(URL + "DLV-1").setPickupBy(PICKUP_BY)
                .setDeliveryBy(DELIVERY_BY).build());
        DeliveryEvent created = events.get(1).value();
        assertThat(created.getPayload()).isInstanceOfSatisfying(DeliveryStatusChanged.class, changed -> {
            assertThat(changed.getDeliveryId()).isEqualTo("DLV-1");
            assertThat(changed.getPreviousStatus()).isNull();
            assertThat(changed.getStatus()).isEqualTo(DeliveryStatus.CREATED);
        });
        assertThat(bookedEvent.getMetadata().getEventId()).isNotEqualTo(created.getMetadata().getEventId());

        // The same answer again (an intent carried out twice) emits nothing.
        gateway.answer(booked("A1", "c1", "DLV-1"));
        assertThat(gateway.events.isEmpty()).isTrue();
    }

    @Test
    void eventIdsDependOnWhatTheEventSaysNotOnWhenOrWhereItWasProcessed() {
        gateway.command(book("A1", "c1"));
        gateway.answer(booked("A1", "c1", "DLV-1"));
        gateway.report("A1", "DLV-1", DeliveryStatus.ACCEPTED, kaspiTime(DeliveryStatus.ACCEPTED));
        List<String> first = gateway.events.readValuesToList().stream().map(e -> e.getMetadata().getEventId())
                .toList();

        // Another instance (another store), other input records, later: as after a failed transaction's retry.
        try (Gateway other = new Gateway(stateDir.resolve("other"))) {
            other.clock.set(T0.plus(Duration.ofHours(1)));
            other.command(book("A1", "c1"));
            other.answer(booked("A1", "c1", "DLV-1"));
            other.report("A1", "DLV-1", DeliveryStatus.ACCEPTED, kaspiTime(DeliveryStatus.ACCEPTED));
            List<String> again = other.events.readValuesToList().stream().map(e -> e.getMetadata().getEventId())
                    .toList();

            assertThat(first).hasSize(3).doesNotHaveDuplicates();
            assertThat(again).isEqualTo(first);
        }
        assertThat(first).allSatisfy(id -> assertThat(UUID.fromString(id).toString()).isEqualTo(id));
    }

    // Status reports.

    @Test
    void reportsOutOfOrderOrDuplicatedGiveAForwardOnlySequenceWithNoRepeats() {
        gateway.bookAndConfirm("A1");
        String id = deliveryId("A1");

        for (DeliveryStatus status : List.of(DeliveryStatus.ACCEPTED, DeliveryStatus.OUT_FOR_DELIVERY,
                DeliveryStatus.IN_TRANSIT, DeliveryStatus.OUT_FOR_DELIVERY, DeliveryStatus.ACCEPTED,
                DeliveryStatus.DELIVERED, DeliveryStatus.IN_TRANSIT, DeliveryStatus.DELIVERED)) {
            gateway.report("A1", id, status, kaspiTime(status));
        }

        List<DeliveryEvent> events = gateway.events.readValuesToList();
        assertThat(events.stream().map(e -> e.getMetadata().getEventId())).doesNotHaveDuplicates();
        assertThat(events.stream().map(DeliveryEvent::getPayload).filter(DeliveryStatusChanged.class::isInstance)
                .map(DeliveryStatusChanged.class::cast))
                .extracting(DeliveryStatusChanged::getPreviousStatus, DeliveryStatusChanged::getStatus)
                .containsExactly(tuple(null, DeliveryStatus.CREATED),
                        tuple(DeliveryStatus.CREATED, DeliveryStatus.ACCEPTED),
                        tuple(DeliveryStatus.ACCEPTED, DeliveryStatus.OUT_FOR_DELIVERY),
                        tuple(DeliveryStatus.OUT_FOR_DELIVERY, DeliveryStatus.DELIVERED));
        assertThat(gateway.stored("A1").status())
                .isEqualTo(kz.kaspibridge.deliverygateway.deliveries.DeliveryStatus.DELIVERED);
    }

    @Test
    void aReportBeforeTheBookingIsKeptAndAppliedAfterIt() {
        gateway.command(book("A1", "c1"));
        gateway.report("A1", "DLV-1", DeliveryStatus.IN_TRANSIT, kaspiTime(DeliveryStatus.IN_TRANSIT));
        gateway.report("A1", "DLV-1", DeliveryStatus.ACCEPTED, kaspiTime(DeliveryStatus.ACCEPTED));
        assertThat(gateway.events.isEmpty()).isTrue();
        assertThat(gateway.stored("A1").pending()).hasSize(2);

        gateway.answer(booked("A1", "c1", "DLV-1"));

        List<DeliveryEvent> events = gateway.events.readValuesToList();
        assertThat(events.get(0).getPayload()).isInstanceOf(DeliveryBooked.class);
        assertThat(events.subList(1, events.size())).extracting(e -> ((DeliveryStatusChanged) e.getPayload())
                .getStatus()).containsExactly(DeliveryStatus.CREATED, DeliveryStatus.ACCEPTED,
                DeliveryStatus.IN_TRANSIT);
        assertThat(events.get(3).getPayload()).isInstanceOfSatisfying(DeliveryStatusChanged.class,
                changed -> assertThat(changed.getStatusAt()).isEqualTo(kaspiTime(DeliveryStatus.IN_TRANSIT)));
        assertThat(gateway.stored("A1").pending()).isEmpty();
    }

    // Cancels.

    @Test
    void aCancelWithoutADeliveryIdCancelsTheBookedDelivery() {
        gateway.bookAndConfirm("A1");
        gateway.requests.readValuesToList();
        gateway.events.readValuesToList();

        gateway.command(cancel("A1", "x1", null));

        assertThat(gateway.requests.readValuesToList()).singleElement().satisfies(intent -> {
            assertThat(intent.type()).isEqualTo(Intent.CANCEL);
            assertThat(intent.deliveryId()).isEqualTo(deliveryId("A1"));
            assertThat(intent.commandId()).isEqualTo("x1");
            assertThat(intent.reason()).isEqualTo("customer asked");
            assertThat(intent.merchantId()).isEqualTo(MERCHANT);
        });
        assertThat(gateway.events.isEmpty()).as("no event before Kaspi answers").isTrue();

        gateway.answer(new Outcome(Outcome.CANCELLED, "A1", "x1", deliveryId("A1"), "CANCELLED", null, null, null,
                T0, null, null, T0));

        List<DeliveryEvent> events = gateway.events.readValuesToList();
        assertThat(events).extracting(e -> e.getPayload().getClass().getSimpleName())
                .containsExactly("DeliveryCancelled", "DeliveryStatusChanged");
        assertThat(events.get(0).getCommandId()).isEqualTo("x1");
        assertThat(events.get(0).getPayload()).isEqualTo(DeliveryCancelled.newBuilder()
                .setDeliveryId(deliveryId("A1")).setReason("customer asked").build());
    }

    @Test
    void aCancelWhileTheBookingIsInFlightIsSentOnceTheDeliveryIsBooked() {
        gateway.command(book("A1", "c1"));
        gateway.command(cancel("A1", "x1", null));
        assertThat(gateway.requests.readValuesToList()).extracting(Intent::type).containsExactly(Intent.BOOK);

        gateway.answer(booked("A1", "c1", "DLV-1"));

        assertThat(gateway.requests.readValuesToList()).singleElement().satisfies(intent -> {
            assertThat(intent.type()).isEqualTo(Intent.CANCEL);
            assertThat(intent.deliveryId()).isEqualTo("DLV-1");
            assertThat(intent.commandId()).isEqualTo("x1");
            assertThat(intent.merchantId()).isEqualTo(MERCHANT);
        });
    }

    @Test
    void aFailedBookingIsReportedOnceAndANewCommandBooksAgain() {
        gateway.command(book("A1", "c1"));
        Outcome failed = new Outcome(Outcome.BOOK_FAILED, "A1", "c1", null, null, null, null, null, null,
                "pickup address not served", 422, T0);

        gateway.answer(failed);
        gateway.answer(failed);

        assertThat(gateway.events.readValuesToList()).singleElement().satisfies(event -> {
            assertThat(event.getCommandId()).isEqualTo("c1");
            assertThat(event.getPayload()).isEqualTo(DeliveryBookingFailed.newBuilder()
                    .setReason("pickup address not served").setHttpStatus(422).build());
        });

        gateway.command(book("A1", "c2"));
        assertThat(gateway.requests.readValuesToList()).extracting(Intent::type, Intent::commandId)
                .containsExactly(tuple(Intent.BOOK, "c1"), tuple(Intent.BOOK, "c2"));
    }

    @Test
    void aCancelForAnOrderWithNoBookingGoesToTheDeadLetterTopicWithItsReason() {
        DeliveryCommand command = cancel("Z9", "x1", null);

        gateway.command(command);

        List<TestRecord<String, DeliveryCommand>> dead = gateway.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).key()).isEqualTo("Z9");
        assertThat(dead.get(0).value()).isEqualTo(command);
        Header reason = dead.get(0).headers().lastHeader("kafka_dlt-exception-message");
        assertThat(reason).isNotNull();
        assertThat(new String(reason.value(), StandardCharsets.UTF_8)).contains("no delivery is known for order Z9");
        assertThat(gateway.requests.isEmpty()).isTrue();
        assertThat(gateway.events.isEmpty()).isTrue();
    }

    // Reconciliation.

    @Test
    void theSweepAsksToReadQuietDeliveriesAtMostABatchPerRun() {
        for (String code : List.of("A1", "B1", "C1", "Q1")) {
            gateway.bookAndConfirm(code);
        }
        gateway.clock.set(T0.plus(RECONCILE_AFTER).minus(Duration.ofMinutes(1)));
        gateway.report("Q1", deliveryId("Q1"), DeliveryStatus.ACCEPTED, kaspiTime(DeliveryStatus.ACCEPTED));
        gateway.requests.readValuesToList();

        gateway.sweepAt(T0.plus(RECONCILE_AFTER));

        List<Intent> first = gateway.requests.readValuesToList();
        assertThat(first).hasSize(RECONCILE_BATCH).allSatisfy(intent -> {
            assertThat(intent.type()).isEqualTo(Intent.RECONCILE);
            assertThat(intent.merchantId()).isEqualTo(MERCHANT);
            assertThat(intent.deliveryId()).isEqualTo(deliveryId(intent.orderCode()));
        });
        assertThat(first).extracting(Intent::orderCode).doesNotHaveDuplicates().doesNotContain("Q1");

        gateway.sweepAt(T0.plus(RECONCILE_AFTER).plus(Duration.ofMinutes(1)));

        // The one left over; those asked for a minute ago are not asked again, Q1 is not quiet yet.
        List<Intent> second = gateway.requests.readValuesToList();
        assertThat(second).extracting(Intent::type).containsOnly(Intent.RECONCILE);
        assertThat(second).extracting(Intent::orderCode).hasSize(1)
                .doesNotContainAnyElementsOf(first.stream().map(Intent::orderCode).toList())
                .isSubsetOf("A1", "B1", "C1");
        assertThat(gateway.stored("Q1").reconcileRequestedAt()).isNull();
    }

    @Test
    void eachSweepLooksAtTheNextSliceOfTheStoreOnly() {
        try (Gateway sliced = new Gateway(stateDir.resolve("sliced"), 2)) {
            for (String code : List.of("A1", "B1", "C1", "D1", "E1")) {
                sliced.bookAndConfirm(code);
            }
            // A1 and B1, first in key order, were heard of recently; C1, D1 and E1 are quiet.
            sliced.clock.set(T0.plus(RECONCILE_AFTER).minus(Duration.ofMinutes(1)));
            for (String code : List.of("A1", "B1")) {
                sliced.report(code, deliveryId(code), DeliveryStatus.ACCEPTED, kaspiTime(DeliveryStatus.ACCEPTED));
            }
            sliced.requests.readValuesToList();

            sliced.sweepAt(T0.plus(RECONCILE_AFTER));
            assertThat(sliced.requests.readValuesToList()).as("A1 and B1 looked at, neither due").isEmpty();
            sliced.sweepAt(T0.plus(RECONCILE_AFTER).plusSeconds(1));
            assertThat(sliced.requests.readValuesToList()).extracting(Intent::orderCode).containsExactly("C1", "D1");
            sliced.sweepAt(T0.plus(RECONCILE_AFTER).plusSeconds(2));
            assertThat(sliced.requests.readValuesToList()).extracting(Intent::orderCode).containsExactly("E1");
            // The pass is over: the next starts from the first key again, where nothing is due yet.
            sliced.sweepAt(T0.plus(RECONCILE_AFTER).plusSeconds(3));
            assertThat(sliced.requests.readValuesToList()).isEmpty();
        }
    }

    @Test
    void aReadingMovesTheDeliveryForwardOnceAndAStaleOneEmitsNothing() {
        gateway.bookAndConfirm("A1");
        String id = deliveryId("A1");
        gateway.events.readValuesToList();
        gateway.sweepAt(T0.plus(RECONCILE_AFTER));
        assertThat(gateway.requests.readValuesToList()).extracting(Intent::type).contains(Intent.RECONCILE);

        gateway.answer(observed("A1", id, DeliveryStatus.IN_TRANSIT, kaspiTime(DeliveryStatus.IN_TRANSIT)));

        assertThat(gateway.statusChanges()).singleElement().satisfies(changed -> {
            assertThat(changed.getPreviousStatus()).isEqualTo(DeliveryStatus.CREATED);
            assertThat(changed.getStatus()).isEqualTo(DeliveryStatus.IN_TRANSIT);
            assertThat(changed.getStatusAt()).isEqualTo(kaspiTime(DeliveryStatus.IN_TRANSIT));
        });
        assertThat(gateway.stored("A1").reconcileRequestedAt()).isNull();

        gateway.answer(observed("A1", id, DeliveryStatus.ACCEPTED, kaspiTime(DeliveryStatus.ACCEPTED)));
        gateway.answer(observed("A1", id, DeliveryStatus.IN_TRANSIT, kaspiTime(DeliveryStatus.IN_TRANSIT)));

        assertThat(gateway.events.isEmpty()).isTrue();
        assertThat(gateway.stored("A1").status())
                .isEqualTo(kz.kaspibridge.deliverygateway.deliveries.DeliveryStatus.IN_TRANSIT);
    }

    @Test
    void theSweepForgetsADeliveredOrderAfterRetentionAndReadsNoFinalOne() {
        gateway.bookAndConfirm("A1");
        gateway.report("A1", deliveryId("A1"), DeliveryStatus.DELIVERED, kaspiTime(DeliveryStatus.DELIVERED));
        gateway.requests.readValuesToList();

        gateway.sweepAt(T0.plus(RECONCILE_AFTER).plus(Duration.ofMinutes(1)));
        assertThat(gateway.requests.isEmpty()).as("a delivered order is not read").isTrue();
        assertThat(gateway.stored("A1")).isNotNull();

        gateway.sweepAt(T0.plus(RETENTION).plus(Duration.ofMinutes(1)));
        assertThat(gateway.stored("A1")).isNull();
    }
}
