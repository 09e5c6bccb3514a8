package kz.kaspibridge.ordercommand.streams;

import kz.kaspibridge.schemas.serde.JsonSerde;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import kz.kaspibridge.ordercommand.orders.MerchantId;
import kz.kaspibridge.ordercommand.orders.StoreId;
import kz.kaspibridge.ordercommand.policy.MerchantPolicy;
import kz.kaspibridge.ordercommand.stock.StockLocation;
import kz.kaspibridge.schemas.catalog.AvailableStock;
import kz.kaspibridge.schemas.catalog.StockChanged;
import kz.kaspibridge.schemas.commands.OrderCommand;
import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.delivery.DeliveryCommand;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.topics.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The service's Kafka Streams topology. Two stateful processors, each deciding against its own logged store:
 *
 * <ol>
 *   <li>{@code order-decisions}, keyed by order code, reads {@code kaspi.orders}, {@code kaspi.order-commands}
 *       and the stock answers; it owns {@link #ORDERS_STORE} and the command dedup {@link #COMMANDS_STORE}, and
 *       writes intents to {@link #EFFECTS_TOPIC}, rejections to {@code kaspi.order-results} and stock requests to
 *       the {@code stock-requests} repartition topic;</li>
 *   <li>{@code stock-reservations}, keyed by {@code merchant|store} (as kse's InventoryService re-keys by
 *       product), reads those requests and the stock reports re-keyed the same way; it owns
 *       {@link #STOCK_STORE} and answers on {@link #RESERVATIONS_TOPIC}.</li>
 * </ol>
 *
 * Every processor, store and repartition topic is named, so changelog and repartition topic names stay stable
 * when the code changes (they are listed in the module README).
 */
public final class OrderCommandTopology {

    /** Intended Kaspi effects, written before Kaspi is called. */
    public static final String EFFECTS_TOPIC = Topics.ORDER_COMMAND_EFFECTS;
    /** The stock processor's answers, back to the order processor (an explicit topic: a repartition cannot loop). */
    public static final String RESERVATIONS_TOPIC = Topics.ORDER_COMMAND_RESERVATIONS;

    public static final String ORDERS_STORE = "orders";
    public static final String COMMANDS_STORE = "answered-commands";
    public static final String STOCK_STORE = "reserved-stock";
    public static final String STOCK_REQUESTS = "stock-requests";
    public static final String STOCK_REPORTS = "stock-reports";

    private OrderCommandTopology() {
    }

    /** What the topology needs besides the builder. */
    public record Settings(Serde<OrderEvent> orderEvents, Serde<OrderCommand> orderCommands,
                           Serde<OrderCommandResult> orderResults, Serde<StockChanged> stockChanges,
                           Serde<AvailableStock> availableStock, Serde<DeliveryCommand> deliveryCommands,
                           Function<MerchantId, Optional<MerchantPolicy>> policies, Clock clock,
                           Duration deadlineCheck, Duration retention, CommandMetrics metrics) {
    }

    public static void build(StreamsBuilder builder, Settings settings) {
        Serde<String> keys = Serdes.String();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ORDERS_STORE), keys,
                JsonSerde.of(StoredOrder.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COMMANDS_STORE), keys,
                Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STOCK_STORE), keys,
                JsonSerde.of(StoredSkuStock.class)));

        KStream<String, Routed> routed = orderInputs(builder, settings, keys).process(
                () -> new OrderProcessor(settings.policies(), settings.clock(), settings.deadlineCheck(),
                        settings.retention(), settings.metrics()),
                Named.as("order-decisions"), ORDERS_STORE, COMMANDS_STORE);

        routed.filter((key, value) -> value instanceof Routed.ToEffect, Named.as("effects-only"))
                .mapValues(value -> ((Routed.ToEffect) value).effect(), Named.as("effects-unwrap"))
                .to(EFFECTS_TOPIC, Produced.with(keys, JsonSerde.of(Effect.class)).withName("effects-sink"));
        routed.filter((key, value) -> value instanceof Routed.ToResult, Named.as("results-only"))
                .mapValues(value -> ((Routed.ToResult) value).result(), Named.as("results-unwrap"))
                .to(Topics.ORDER_RESULTS.name(), Produced.with(keys, settings.orderResults()).withName("results-sink"));
        routed.filter((key, value) -> value instanceof Routed.ToDelivery, Named.as("deliveries-only"))
                .mapValues(value -> ((Routed.ToDelivery) value).command(), Named.as("deliveries-unwrap"))
                .to(Topics.DELIVERY_COMMANDS.name(), Produced.with(keys, settings.deliveryCommands())
                        .withName("delivery-commands-sink"));
        KStream<String, StockMessage> stockRequests = routed
                .filter((key, value) -> value instanceof Routed.ToStock, Named.as("stock-only"))
                .mapValues(value -> ((Routed.ToStock) value).message(), Named.as("stock-unwrap"))
                .repartition(Repartitioned.<String, StockMessage>as(STOCK_REQUESTS).withKeySerde(keys)
                        .withValueSerde(JsonSerde.of(StockMessage.class)));

        KStream<String, StockChanged> stockChanges = builder.stream(Topics.STOCK_CHANGES.name(),
                Consumed.with(keys, settings.stockChanges()).withName("stock-changes-source"));
        stockChanges.filter((sku, change) -> InvalidStockReports.problem(change).isPresent(),
                        Named.as("stock-changes-invalid"))
                .process(InvalidStockReports::new, Named.as("stock-changes-dead-lettered"))
                .to(Topics.STOCK_CHANGES.deadLetter().name(), Produced.with(keys, settings.stockChanges())
                        .withName("stock-changes-dlt-sink"));
        KStream<String, StockMessage> stockReports = stockChanges
                .filter((sku, change) -> InvalidStockReports.problem(change).isEmpty(), Named.as("stock-changes-valid"))
                .map((sku, change) -> KeyValue.pair(location(change).asString(), report(change)),
                        Named.as("stock-changes-by-location"))
                .repartition(Repartitioned.<String, StockMessage>as(STOCK_REPORTS).withKeySerde(keys)
                        .withValueSerde(JsonSerde.of(StockMessage.class)));

        KStream<String, StockOut> stockOut = stockRequests.merge(stockReports, Named.as("stock-inputs"))
                .process(() -> new StockProcessor(settings.clock(), settings.metrics()),
                        Named.as("stock-reservations"), STOCK_STORE);
        stockOut.filter((key, value) -> value instanceof StockOut.Answer, Named.as("answers-only"))
                .mapValues(value -> ((StockOut.Answer) value).decision(), Named.as("answers-unwrap"))
                .to(RESERVATIONS_TOPIC, Produced.with(keys, JsonSerde.of(StockDecision.class))
                        .withName("reservations-sink"));
        stockOut.filter((key, value) -> value instanceof StockOut.Figure, Named.as("figures-only"))
                .mapValues(value -> ((StockOut.Figure) value).figure(), Named.as("figures-unwrap"))
                .to(Topics.AVAILABLE_STOCK.name(), Produced.with(keys, settings.availableStock())
                        .withName("available-stock-sink"));
    }

    private static KStream<String, OrderFlow> orderInputs(StreamsBuilder builder, Settings settings,
                                                          Serde<String> keys) {
        KStream<String, OrderFlow> orders = builder.stream(Topics.ORDERS.name(),
                        Consumed.with(keys, settings.orderEvents()).withName("orders-source"))
                .mapValues(AvroMapping::fromOrderEvent, Named.as("orders-read"));
        KStream<String, OrderFlow> commands = builder.stream(Topics.ORDER_COMMANDS.name(),
                        Consumed.with(keys, settings.orderCommands()).withName("commands-source"))
                .mapValues(AvroMapping::fromCommand, Named.as("commands-read"));
        KStream<String, OrderFlow> answers = builder.stream(RESERVATIONS_TOPIC,
                        Consumed.with(keys, JsonSerde.of(StockDecision.class)).withName("reservations-source"))
                .mapValues(decision -> (OrderFlow) new OrderFlow.Reservation(decision), Named.as("reservations-read"));
        // Our own Kaspi outcomes tell the order processor the status it caused, before the poller sees it.
        KStream<String, OrderFlow> outcomes = builder.stream(Topics.ORDER_RESULTS.name(),
                        Consumed.with(keys, settings.orderResults()).withName("results-source"))
                .flatMapValues(AvroMapping::statusFromResult, Named.as("results-read"));
        // Our own BookDelivery, read back, tells the order processor a delivery exists to cancel with the order.
        KStream<String, OrderFlow> deliveries = builder.stream(Topics.DELIVERY_COMMANDS.name(),
                        Consumed.with(keys, settings.deliveryCommands()).withName("delivery-commands-source"))
                .flatMapValues(AvroMapping::deliveryRequested, Named.as("delivery-commands-read"));
        return orders.merge(commands, Named.as("orders-and-commands")).merge(answers, Named.as("with-reservations"))
                .merge(outcomes, Named.as("with-outcomes")).merge(deliveries, Named.as("order-inputs"));
    }

    private static StockLocation location(StockChanged change) {
        return new StockLocation(new MerchantId(change.getMetadata().getMerchantId()), new StoreId(change.getStoreId()));
    }

    private static StockMessage report(StockChanged change) {
        return new StockMessage("REPORT", change.getMetadata().getMerchantId(), change.getStoreId(), null,
                List.of(new StockMessage.Line(change.getSku(), change.getStockCount())),
                change.getMetadata().getOccurredAt().toEpochMilli(), change.getAvailable(), change.getPreOrder());
    }
}
