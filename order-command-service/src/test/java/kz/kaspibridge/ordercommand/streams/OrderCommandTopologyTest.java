package kz.kaspibridge.ordercommand.streams;

import static kz.kaspibridge.ordercommand.streams.AvroEvents.MERCHANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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
import kz.kaspibridge.schemas.catalog.StockChanged;
import kz.kaspibridge.schemas.commands.OrderCommand;
import kz.kaspibridge.schemas.commands.OrderCommandRejected;
import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.commands.RejectionReason;
import kz.kaspibridge.schemas.common.OrderStatus;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.topics.Topics;
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

/** The whole topology in one {@link TopologyTestDriver}: stores, repartitions and the stock round trip. */
class OrderCommandTopologyTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration DEADLINE = Duration.ofMinutes(30);

    private final MutableClock clock = new MutableClock(T0.plusSeconds(60));
    private final Map<String, MerchantPolicy> policies = new HashMap<>();
    private final CountingMetrics metrics = new CountingMetrics();
    private final Serde<OrderEvent> orderEvents = PlainAvroSerde.of(OrderEvent.class);
    private final Serde<OrderCommand> orderCommands = PlainAvroSerde.of(OrderCommand.class);
    private final Serde<OrderCommandResult> orderResults = PlainAvroSerde.of(OrderCommandResult.class);
    private final Serde<StockChanged> stockChanges = PlainAvroSerde.of(StockChanged.class);

    private TopologyTestDriver driver;
    private Topology topology;
    private TestInputTopic<String, OrderEvent> orders;
    private TestInputTopic<String, OrderCommand> commands;
    private TestInputTopic<String, StockChanged> stock;
    private TestOutputTopic<String, Effect> effects;
    private TestOutputTopic<String, OrderCommandResult> results;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        OrderCommandTopology.build(builder, new OrderCommandTopology.Settings(orderEvents, orderCommands,
                orderResults, stockChanges, merchant -> Optional.ofNullable(policies.get(merchant.value())), clock,
                Duration.ofSeconds(10), metrics));
        topology = builder.build();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "order-command-service");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
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
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void policy(AcceptancePolicy policy, WhenShort whenShort, Optional<CancellationReason> overdueCancel) {
        policies.put(MERCHANT, new MerchantPolicy(policy, whenShort, DEADLINE, overdueCancel,
                new StoreId(AvroEvents.STORE), Optional.empty()));
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
        clock.set(clock.instant().plusSeconds(60));

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
    }

    @Test
    void everyProcessorStoreAndRepartitionTopicIsNamed() {
        String description = topology.describe().toString();

        assertThat(description).contains("order-decisions", "stock-reservations", "orders-source",
                "commands-source", "stock-changes-source", "reservations-source", "effects-sink", "results-sink",
                "stock-requests-repartition", "stock-reports-repartition", "orders", "answered-commands",
                "reserved-stock");
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            assertThat(sub.nodes()).noneMatch(node -> node.name().startsWith("KSTREAM-"));
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Counts what the topology reports. */
    static final class CountingMetrics implements CommandMetrics {
        final Map<String, Integer> decisions = new ConcurrentHashMap<>();
        final Map<String, Integer> commands = new ConcurrentHashMap<>();
        final Map<String, Integer> reservations = new ConcurrentHashMap<>();
        final AtomicInteger overdue = new AtomicInteger();

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
    }
}
