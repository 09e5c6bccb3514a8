package kz.kaspibridge.ordercommand.streams;

import kz.kaspibridge.schemas.serde.JsonSerde;
import static kz.kaspibridge.ordercommand.streams.AvroEvents.MERCHANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import kz.kaspibridge.ordercommand.Orders;
import kz.kaspibridge.ordercommand.commands.CancellationReason;
import kz.kaspibridge.ordercommand.policy.PolicyCommandIds;
import kz.kaspibridge.ordercommand.orders.StoreId;
import kz.kaspibridge.ordercommand.policy.AcceptancePolicy;
import kz.kaspibridge.ordercommand.policy.MerchantPolicy;
import kz.kaspibridge.ordercommand.policy.WhenShort;
import kz.kaspibridge.schemas.catalog.AvailableStock;
import kz.kaspibridge.schemas.catalog.StockChanged;
import kz.kaspibridge.schemas.delivery.CancelDelivery;
import kz.kaspibridge.schemas.delivery.DeliveryCommand;
import kz.kaspibridge.schemas.commands.OrderCommand;
import kz.kaspibridge.schemas.commands.OrderCommandRejected;
import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.commands.RejectionReason;
import kz.kaspibridge.schemas.common.OrderStatus;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.HandClock;
import kz.kaspibridge.testsupport.PlainAvroSerde;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole topology in one {@link TopologyTestDriver}: stores, repartitions and the stock round trip. */
class OrderCommandTopologyTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration DEADLINE = Duration.ofMinutes(30);
    private static final Duration RETENTION = Duration.ofDays(35);

    private final HandClock clock = new HandClock(T0.plusSeconds(60));
    private final Map<String, MerchantPolicy> policies = new HashMap<>();
    private final CountingMetrics metrics = new CountingMetrics();
    private final Serde<OrderEvent> orderEvents = PlainAvroSerde.of(OrderEvent.class);
    private final Serde<OrderCommand> orderCommands = PlainAvroSerde.of(OrderCommand.class);
    private final Serde<OrderCommandResult> orderResults = PlainAvroSerde.of(OrderCommandResult.class);
    private final Serde<StockChanged> stockChanges = PlainAvroSerde.of(StockChanged.class);
    private final Serde<AvailableStock> availableStockSerde = PlainAvroSerde.of(AvailableStock.class);
    private final Serde<DeliveryCommand> deliveryCommandSerde = PlainAvroSerde.of(DeliveryCommand.class);

    private TopologyTestDriver driver;
    private Topology topology;
    private TestInputTopic<String, OrderEvent> orders;
    private TestInputTopic<String, OrderCommand> commands;
    private TestInputTopic<String, StockChanged> stock;
    private TestOutputTopic<String, Effect> effects;
    private TestOutputTopic<String, OrderCommandResult> results;
    private TestOutputTopic<String, AvailableStock> figures;
    @TempDir
    Path stateDir;
    private TestInputTopic<String, DeliveryCommand> deliveryCommandsIn;
    private TestOutputTopic<String, DeliveryCommand> deliveryCommandsOut;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        OrderCommandTopology.build(builder, new OrderCommandTopology.Settings(orderEvents, orderCommands,
                orderResults, stockChanges, availableStockSerde, deliveryCommandSerde,
                merchant -> Optional.ofNullable(policies.get(merchant.value())), clock, Duration.ofSeconds(10),
                RETENTION, metrics));
        topology = builder.build();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "order-command-service");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Its own RocksDB directory: the default under /tmp is shared by every build on the machine.
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(topology, props, T0);
        orders = driver.createInputTopic(Topics.ORDERS.name(), Serdes.String().serializer(), orderEvents.serializer());
        commands = driver.createInputTopic(Topics.ORDER_COMMANDS.name(), Serdes.String().serializer(),
                orderCommands.serializer());
        stock = driver.createInputTopic(Topics.STOCK_CHANGES.name(), Serdes.String().serializer(),
                stockChanges.serializer());
        effects = driver.createOutputTopic(OrderCommandTopology.EFFECTS_TOPIC, Serdes.String().deserializer(),
                JsonSerde.of(Effect.class).deserializer());
        results = driver.createOutputTopic(Topics.ORDER_RESULTS.name(), Serdes.String().deserializer(),
                orderResults.deserializer());
        figures = driver.createOutputTopic(Topics.AVAILABLE_STOCK.name(), Serdes.String().deserializer(),
                availableStockSerde.deserializer());
        deliveryCommandsIn = driver.createInputTopic(Topics.DELIVERY_COMMANDS.name(), Serdes.String().serializer(),
                deliveryCommandSerde.serializer());
        deliveryCommandsOut = driver.createOutputTopic(Topics.DELIVERY_COMMANDS.name(),
                Serdes.String().deserializer(), deliveryCommandSerde.deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void policy(AcceptancePolicy policy, WhenShort whenShort, Optional<CancellationReason> overdueCancel) {
        policies.put(MERCHANT, new MerchantPolicy(policy, whenShort, DEADLINE, overdueCancel,
                new StoreId(AvroEvents.STORE), Optional.empty()));
    }

    /** The last published figure per key (the compacted topic's view). */
    private Map<String, AvailableStock> latestFigures() {
        Map<String, AvailableStock> latest = new HashMap<>();
        figures.readKeyValuesToList().forEach(kv -> latest.put(kv.key, kv.value));
        return latest;
    }

    private static String figureKey(String sku) {
        return MERCHANT + "|" + AvroEvents.STORE + "|" + sku;
    }

    private void order(String code, Object... skusAndUnits) {
        orders.pipeInput(code, AvroEvents.received(MERCHANT, code, T0, skusAndUnits));
    }

    private void stockReport(String sku, int count, Instant at) {
        stock.pipeInput(sku, AvroEvents.stock(MERCHANT, sku, count, at));
    }

    private static long count(List<Effect> effects, String type) {
        return effects.stream().filter(e -> e.type().equals(type)).count();
    }

    @Test
    void autoRecordsOneAcceptIntentPerOrderEvenWhenTheOrderIsRedelivered() {
        policy(AcceptancePolicy.AUTO, WhenShort.CANCEL, Optional.empty());

        order("A1", "SKU1", 1);
        order("A1", "SKU1", 1);

        List<Effect> intents = effects.readValuesToList();
        assertThat(intents).hasSize(1);
        assertThat(intents.get(0).type()).isEqualTo("ACCEPT");
        assertThat(intents.get(0).origin()).isEqualTo("POLICY");
        assertThat(intents.get(0).orderId()).isEqualTo("id-A1");
        // Derived from merchant, code and Kaspi id alone: the same on every replay and every instance.
        assertThat(intents.get(0).commandId()).isEqualTo(PolicyCommandIds.acceptance(
                Orders.anOrder().merchant(MERCHANT).code("A1").build()).value());
        assertThat(metrics.decisions).containsEntry("AUTO/ACCEPT", 1);
    }

    @Test
    void fiftyOrdersRacingForTenUnitsGetExactlyTenAccepts() {
        policy(AcceptancePolicy.STOCK, WhenShort.CANCEL, Optional.empty());
        stockReport("SKU1", 10, T0.minusSeconds(60));

        for (int i = 0; i < 50; i++) {
            order("R" + i, "SKU1", 1);
        }

        List<Effect> intents = effects.readValuesToList();
        assertThat(intents).hasSize(50);
        assertThat(count(intents, "ACCEPT")).isEqualTo(10);
        assertThat(intents.stream().filter(e -> e.type().equals("CANCEL")))
                .hasSize(40).allMatch(e -> "MERCHANT_OUT_OF_STOCK".equals(e.reason()));
        assertThat(intents.stream().map(Effect::orderCode).distinct()).hasSize(50);
        assertThat(metrics.reservations).containsEntry("RESERVED", 10).containsEntry("SHORT", 40);
    }

    @Test
    void aMultiEntryOrderShortOnOneSkuReservesNothing() {
        policy(AcceptancePolicy.STOCK, WhenShort.CANCEL, Optional.empty());
        stockReport("A", 2, T0.minusSeconds(60));
        stockReport("B", 1, T0.minusSeconds(60));

        order("M1", "A", 2, "B", 2);
        order("M2", "A", 2);

        List<Effect> intents = effects.readValuesToList();
        assertThat(intents).extracting(Effect::orderCode, Effect::type)
                .containsExactly(tuple("M1", "CANCEL"),
                        tuple("M2", "ACCEPT"));
    }

    @Test
    void aCancelledOrderGivesItsUnitsBack() {
        policy(AcceptancePolicy.STOCK, WhenShort.CANCEL, Optional.empty());
        stockReport("SKU1", 1, T0.minusSeconds(60));
        order("C1", "SKU1", 1);

        orders.pipeInput("C1", AvroEvents.statusChanged(MERCHANT, "C1", OrderStatus.CANCELLED, T0));
        order("C2", "SKU1", 1);

        assertThat(effects.readValuesToList()).extracting(Effect::orderCode, Effect::type)
                .containsExactly(tuple("C1", "ACCEPT"),
                        tuple("C2", "ACCEPT"));
    }

    @Test
    void aNewerStockReportSupersedesTheReservation() {
        policy(AcceptancePolicy.STOCK, WhenShort.CANCEL, Optional.empty());
        stockReport("SKU1", 1, T0.minusSeconds(60));
        order("S1", "SKU1", 1);
        stockReport("SKU1", 1, clock.instant().plusSeconds(1)); // the merchant restocked after deducting S1
        clock.advance(Duration.ofSeconds(60));

        order("S2", "SKU1", 1);
        order("S3", "SKU1", 1);

        assertThat(effects.readValuesToList()).extracting(Effect::orderCode, Effect::type)
                .containsExactly(tuple("S1", "ACCEPT"),
                        tuple("S2", "ACCEPT"),
                        tuple("S3", "CANCEL"));
    }

    @Test
    void stockHeldForAPersonWhenTheMerchantSaysHold() {
        policy(AcceptancePolicy.STOCK, WhenShort.HOLD, Optional.empty());

        order("H1", "SKU1", 1);

        assertThat(effects.isEmpty()).isTrue();
        assertThat(metrics.decisions).containsEntry("STOCK/HOLD", 1);
    }

    @Test
    void manualWaitsForTheCommandAndTheSameCommandTwiceHasOneEffect() {
        policy(AcceptancePolicy.MANUAL, WhenShort.HOLD, Optional.empty());
        order("M1", "SKU1", 1);
        assertThat(effects.isEmpty()).isTrue();

        commands.pipeInput("M1", AvroEvents.accept(MERCHANT, "cmd-1", "M1", T0));
        commands.pipeInput("M1", AvroEvents.accept(MERCHANT, "cmd-1", "M1", T0));

        List<Effect> intents = effects.readValuesToList();
        assertThat(intents).singleElement().satisfies(e -> {
            assertThat(e.commandId()).isEqualTo("cmd-1");
            assertThat(e.type()).isEqualTo("ACCEPT");
            assertThat(e.origin()).isEqualTo("COMMAND");
        });
        assertThat(results.isEmpty()).isTrue();
        assertThat(metrics.commands).containsEntry("ACCEPT/DUPLICATE", 1);
    }

    @Test
    void badCommandsAreAnsweredWithRejectionsNotEffects() {
        policy(AcceptancePolicy.MANUAL, WhenShort.HOLD, Optional.empty());
        order("B1", "SKU1", 1);

        commands.pipeInput("B1", AvroEvents.cancel(MERCHANT, "c-long", "B1",
                kz.kaspibridge.schemas.common.CancellationReason.BUYER_NOT_REACHABLE, "x".repeat(1001), T0));
        commands.pipeInput("B1", AvroEvents.cancel(MERCHANT, "c-reason", "B1",
                kz.kaspibridge.schemas.common.CancellationReason.UNKNOWN, null, T0));
        commands.pipeInput("NOPE", AvroEvents.accept(MERCHANT, "c-unknown", "NOPE", T0));

        assertThat(effects.isEmpty()).isTrue();
        List<OrderCommandResult> answers = results.readValuesToList();
        assertThat(answers).extracting(OrderCommandResult::getCommandId)
                .containsExactly("c-long", "c-reason", "c-unknown");
        assertThat(answers).extracting(r -> ((OrderCommandRejected) r.getPayload()).getReason())
                .containsExactly(RejectionReason.INVALID_COMMAND, RejectionReason.INVALID_COMMAND,
                        RejectionReason.ORDER_NOT_FOUND);
        assertThat(answers.get(0).getMetadata().getMerchantId()).isEqualTo(MERCHANT);
    }

    @Test
    void aHeldOrderPastItsDeadlineIsReportedOnceAndCancelledWhenConfigured() {
        policy(AcceptancePolicy.MANUAL, WhenShort.HOLD, Optional.of(CancellationReason.BUYER_NOT_REACHABLE));
        order("D1", "SKU1", 1);

        clock.set(T0.plus(DEADLINE).plusSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(11));
        driver.advanceWallClockTime(Duration.ofSeconds(11));

        assertThat(effects.readValuesToList()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("CANCEL");
            assertThat(e.reason()).isEqualTo("BUYER_NOT_REACHABLE");
            assertThat(e.origin()).isEqualTo("POLICY");
        });
        assertThat(metrics.overdue).hasValue(1);
        assertThat(metrics.waiting(MERCHANT)).as("still waiting until the cancel comes back").isEqualTo(1);

        orders.pipeInput("D1", AvroEvents.statusChanged(MERCHANT, "D1", OrderStatus.CANCELLED, T0));
        driver.advanceWallClockTime(Duration.ofSeconds(11));
        assertThat(metrics.waiting(MERCHANT)).isZero();
    }

    @Test
    void theFigureIsPublishedWithEveryChangeFromTheOneRule() {
        policy(AcceptancePolicy.STOCK, WhenShort.CANCEL, Optional.empty());
        stockReport("SKU1", 5, T0.minusSeconds(60));
        assertThat(latestFigures().get(figureKey("SKU1"))).satisfies(f -> {
            assertThat(f.getStockCount()).isEqualTo(5);
            assertThat(f.getStoreAvailable()).isTrue();
            assertThat(f.getReportedCount()).isEqualTo(5);
            assertThat(f.getReportedAt()).isEqualTo(T0.minusSeconds(60));
            assertThat(f.getReservedUnits()).isZero();
            assertThat(f.getMetadata().getMerchantId()).isEqualTo(MERCHANT);
        });

        order("F1", "SKU1", 2);
        assertThat(latestFigures().get(figureKey("SKU1"))).satisfies(f -> {
            assertThat(f.getStockCount()).isEqualTo(3);
            assertThat(f.getReservedUnits()).isEqualTo(2);
        });

        orders.pipeInput("F1", AvroEvents.statusChanged(MERCHANT, "F1", OrderStatus.CANCELLED, T0));
        assertThat(latestFigures().get(figureKey("SKU1")).getStockCount()).isEqualTo(5);

        stockReport("SKU1", 0, clock.instant().plusSeconds(1));
        assertThat(latestFigures().get(figureKey("SKU1"))).satisfies(f -> {
            assertThat(f.getStockCount()).isZero();
            assertThat(f.getStoreAvailable()).as("the merchant's flag, carried for the price list").isFalse();
        });
    }

    @Test
    void aStockReportThatCannotBeAFigureIsDeadLetteredWithItsReasonAndChangesNothing() {
        policy(AcceptancePolicy.STOCK, WhenShort.CANCEL, Optional.empty());
        TestOutputTopic<String, StockChanged> dead = driver.createOutputTopic(Topics.STOCK_CHANGES.deadLetter().name(),
                Serdes.String().deserializer(), stockChanges.deserializer());
        stockReport("SKU1", 2, T0.minusSeconds(60));
        figures.readValuesToList();

        stock.pipeInput("SKU1", StockChanged.newBuilder(AvroEvents.stock(MERCHANT, "SKU1", 0, T0)).setStockCount(-5)
                .build());
        stock.pipeInput("SKU1", StockChanged.newBuilder(AvroEvents.stock(MERCHANT, "SKU1", 9, T0)).setPreOrder(31)
                .build());
        assertThat(figures.isEmpty()).as("the figure did not move").isTrue();
        order("V1", "SKU1", 2);

        var letters = dead.readRecordsToList();
        assertThat(letters).extracting(r -> new String(r.headers().lastHeader("kafka_dlt-exception-message").value(),
                java.nio.charset.StandardCharsets.UTF_8)).containsExactly("invalid stock report: stockCount below 0: -5",
                "invalid stock report: preOrder outside 0..30: 31");
        assertThat(letters).allSatisfy(r -> assertThat(r.key()).isEqualTo("SKU1"));
        assertThat(effects.readValuesToList()).extracting(Effect::orderCode, Effect::type)
                .containsExactly(tuple("V1", "ACCEPT"));
    }

    @Test
    void aShortOrderAndAStaleReportPublishNothing() {
        policy(AcceptancePolicy.STOCK, WhenShort.CANCEL, Optional.empty());
        stockReport("SKU1", 1, T0);
        figures.readValuesToList();

        order("N1", "SKU1", 2);
        stockReport("SKU1", 9, T0.minusSeconds(3600));

        assertThat(figures.isEmpty()).isTrue();
    }

    @Test
    void autoAcceptedOrdersTakeTheirUnitsOffTheFigureSoStockOrdersCannotOversell() {
        policy(AcceptancePolicy.AUTO, WhenShort.CANCEL, Optional.empty());
        stockReport("SKU1", 2, T0.minusSeconds(60));

        order("T1", "SKU1", 3);

        assertThat(count(effects.readValuesToList(), "ACCEPT")).as("AUTO accepts whatever the stock").isEqualTo(1);
        assertThat(latestFigures().get(figureKey("SKU1"))).satisfies(f -> {
            assertThat(f.getStockCount()).as("never below zero").isZero();
            assertThat(f.getReservedUnits()).isEqualTo(3);
        });
        assertThat(metrics.reservations).containsEntry("TAKEN", 1);

        orders.pipeInput("T1", AvroEvents.statusChanged(MERCHANT, "T1", OrderStatus.CANCELLED, T0));
        assertThat(latestFigures().get(figureKey("SKU1")).getStockCount()).isEqualTo(2);
    }

    @Test
    void aPersonsAcceptOfAHeldOrderTakesItsUnitsAndAStockOrderAfterItIsRefused() {
        policy(AcceptancePolicy.STOCK, WhenShort.HOLD, Optional.empty());
        stockReport("SKU1", 1, T0.minusSeconds(60));
        order("P1", "SKU1", 2);
        assertThat(effects.isEmpty()).as("short: held").isTrue();

        commands.pipeInput("P1", AvroEvents.accept(MERCHANT, "cmd-p1", "P1", T0));
        order("P2", "SKU1", 1);

        assertThat(effects.readValuesToList()).extracting(Effect::orderCode, Effect::type)
                .containsExactly(tuple("P1", "ACCEPT"));
        assertThat(latestFigures().get(figureKey("SKU1")).getStockCount()).isZero();
        assertThat(metrics.decisions).containsEntry("STOCK/HOLD", 2);
    }

    @Test
    void skusNobodyReportsHoldNothingAndPublishNothing() {
        policy(AcceptancePolicy.AUTO, WhenShort.CANCEL, Optional.empty());

        order("U1", "SKU9", 1);

        assertThat(count(effects.readValuesToList(), "ACCEPT")).isEqualTo(1);
        assertThat(figures.isEmpty()).isTrue();
        assertThat(driver.<String, StoredSkuStock>getKeyValueStore(OrderCommandTopology.STOCK_STORE)
                .get(figureKey("SKU9"))).isNull();
    }

    @Test
    void aCancelledOrderWithABookedDeliveryGetsOneCancelDeliveryWhicheverComesFirst() {
        policy(AcceptancePolicy.AUTO, WhenShort.CANCEL, Optional.empty());
        order("D1", "SKU1", 1);
        order("D2", "SKU1", 1);

        // D1: booked, then cancelled (twice: our own result and the poller's report).
        deliveryCommandsIn.pipeInput("D1", AvroEvents.bookDelivery(MERCHANT, "D1", T0));
        orders.pipeInput("D1", AvroEvents.statusChanged(MERCHANT, "D1", OrderStatus.CANCELLED, T0));
        orders.pipeInput("D1", AvroEvents.statusChanged(MERCHANT, "D1", OrderStatus.CANCELLED, T0));
        // D2: cancelled while its BookDelivery was still on its way.
        orders.pipeInput("D2", AvroEvents.statusChanged(MERCHANT, "D2", OrderStatus.CANCELLING, T0));
        deliveryCommandsIn.pipeInput("D2", AvroEvents.bookDelivery(MERCHANT, "D2", T0));

        List<DeliveryCommand> cancels = deliveryCommandsOut.readValuesToList().stream()
                .filter(c -> c.getPayload() instanceof CancelDelivery).toList();
        assertThat(cancels).extracting(DeliveryCommand::getOrderCode).containsExactly("D1", "D2");
        assertThat(cancels.get(0).getCommandId()).isEqualTo(PolicyCommandIds.cancelDelivery(
                Orders.anOrder().merchant(MERCHANT).code("D1").build()).value());
        assertThat(((CancelDelivery) cancels.get(0).getPayload()).getDeliveryId())
                .as("the gateway looks it up by order code").isNull();
        assertThat(metrics.deliveryCancels).hasValue(2);
    }

    @Test
    void aCancelledOrderWithoutABookingCancelsNoDelivery() {
        policy(AcceptancePolicy.AUTO, WhenShort.CANCEL, Optional.empty());
        order("D3", "SKU1", 1);

        orders.pipeInput("D3", AvroEvents.statusChanged(MERCHANT, "D3", OrderStatus.CANCELLED, T0));

        assertThat(deliveryCommandsOut.isEmpty()).isTrue();
    }

    @Test
    void anAcceptedKaspiDeliveryOrderIsAssembledOnceWhenTheMerchantAsks() {
        policies.put(MERCHANT, new MerchantPolicy(AcceptancePolicy.AUTO, WhenShort.CANCEL, DEADLINE,
                Optional.empty(), new StoreId(AvroEvents.STORE), Optional.of(2)));
        orders.pipeInput("K1", AvroEvents.kaspiDelivery(AvroEvents.received(MERCHANT, "K1", T0, "SKU1", 1)));
        orders.pipeInput("L1", AvroEvents.received(MERCHANT, "L1", T0, "SKU1", 1));
        effects.readValuesToList();

        for (String code : List.of("K1", "L1")) {
            orders.pipeInput(code, AvroEvents.statusChanged(MERCHANT, code, OrderStatus.ACCEPTED_BY_MERCHANT, T0));
            orders.pipeInput(code, AvroEvents.statusChanged(MERCHANT, code, OrderStatus.ACCEPTED_BY_MERCHANT, T0));
        }

        assertThat(effects.readValuesToList()).singleElement().satisfies(e -> {
            assertThat(e.orderCode()).isEqualTo("K1");
            assertThat(e.type()).isEqualTo("ASSEMBLE");
            assertThat(e.numberOfSpace()).isEqualTo(2);
            assertThat(e.origin()).isEqualTo("POLICY");
        });
    }

    @Test
    void finishedOrdersAndTheirAnswersAreForgottenAfterRetention() {
        policy(AcceptancePolicy.MANUAL, WhenShort.HOLD, Optional.empty());
        order("E1", "SKU1", 1);
        order("E2", "SKU1", 1);
        commands.pipeInput("E1", AvroEvents.accept(MERCHANT, "cmd-e1", "E1", T0));
        orders.pipeInput("E1", AvroEvents.statusChanged(MERCHANT, "E1", OrderStatus.CANCELLED, T0));

        clock.set(T0.plus(RETENTION).plus(Duration.ofHours(1)));
        driver.advanceWallClockTime(OrderProcessor.RETENTION_SWEEP);

        var stored = driver.<String, StoredOrder>getKeyValueStore(OrderCommandTopology.ORDERS_STORE);
        var answered = driver.<String, String>getKeyValueStore(OrderCommandTopology.COMMANDS_STORE);
        assertThat(stored.get("E1")).as("final and past retention").isNull();
        assertThat(stored.get("E2")).as("still open: kept three times as long").isNotNull();
        assertThat(answered.get("cmd-e1")).isNull();

        clock.set(T0.plus(RETENTION.multipliedBy(3)).plus(Duration.ofHours(1)));
        driver.advanceWallClockTime(OrderProcessor.RETENTION_SWEEP);
        assertThat(stored.get("E2")).isNull();
    }

    @Test
    void everyProcessorStoreAndRepartitionTopicIsNamed() {
        String description = topology.describe().toString();

        assertThat(description).contains("order-decisions", "stock-reservations", "orders-source",
                "commands-source", "stock-changes-source", "reservations-source", "effects-sink", "results-sink",
                "delivery-commands-source", "delivery-commands-sink", "available-stock-sink",
                "stock-requests-repartition", "stock-reports-repartition", "orders", "answered-commands",
                "reserved-stock");
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            assertThat(sub.nodes()).noneMatch(node -> node.name().startsWith("KSTREAM-"));
        }
    }

    /** Counts what the topology reports. */
    static final class CountingMetrics implements CommandMetrics {
        final Map<String, Integer> decisions = new ConcurrentHashMap<>();
        final Map<String, Integer> commands = new ConcurrentHashMap<>();
        final Map<String, Integer> reservations = new ConcurrentHashMap<>();
        final AtomicInteger overdue = new AtomicInteger();
        final AtomicInteger deliveryCancels = new AtomicInteger();
        final Map<String, Map<String, Integer>> waiting = new ConcurrentHashMap<>();

        @Override
        public void policyDecision(String merchant, String policy, String decision) {
            decisions.merge(policy + "/" + decision, 1, Integer::sum);
        }

        @Override
        public void command(String type, String outcome) {
            commands.merge(type + "/" + outcome, 1, Integer::sum);
        }

        @Override
        public void reservation(String merchant, String outcome) {
            reservations.merge(outcome, 1, Integer::sum);
        }

        @Override
        public void overdue(String merchant) {
            overdue.incrementAndGet();
        }

        @Override
        public void deliveryCancel(String merchant) {
            deliveryCancels.incrementAndGet();
        }

        @Override
        public void overdueWaiting(String task, Map<String, Integer> byMerchant) {
            waiting.put(task, byMerchant);
        }

        int waiting(String merchant) {
            return waiting.values().stream().mapToInt(m -> m.getOrDefault(merchant, 0)).sum();
        }
    }
}
