package kz.kaspibridge.deploy.e2e;

import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import kz.kaspibridge.deploy.live.WholeStack;
import kz.kaspibridge.ordercommand.tools.SendCommand;
import kz.kaspibridge.sandbox.orders.DeliveryMode;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.sandbox.orders.OrderSnapshot;
import kz.kaspibridge.schemas.catalog.PricelistPublished;
import kz.kaspibridge.schemas.commands.AssembleOrder;
import kz.kaspibridge.schemas.commands.CancelOrder;
import kz.kaspibridge.schemas.commands.CompleteOrder;
import kz.kaspibridge.schemas.commands.OrderCommand;
import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.common.CancellationReason;
import kz.kaspibridge.schemas.common.DeliveryStatus;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.common.OrderStatus;
import kz.kaspibridge.schemas.delivery.DeliveryCommand;
import kz.kaspibridge.schemas.delivery.DeliveryEvent;
import kz.kaspibridge.schemas.delivery.DeliveryStatusChanged;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.orders.OrderStatusChanged;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.RecordWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The two outside parties of the end-to-end tests, on a running {@link WholeStack}: Kaspi's buyers (orders seeded in
 * the sandbox) and the merchant's systems (commands, offers and stock written to the topics, results and events
 * read from them with {@code read_committed}, the price list downloaded). Every wait is for an outcome, never for a
 * time; a wait that runs out names what the order did get.
 */
final class Flows implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(90);

    private static final String RUN = String.format("%06d", System.nanoTime() % 1_000_000);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final WholeStack stack;
    private final RecordWriter<Object> writer;
    private final RecordReader<OrderEvent> orders;
    private final RecordReader<OrderCommandResult> results;
    private final RecordReader<DeliveryCommand> deliveryCommands;
    private final RecordReader<DeliveryEvent> deliveryEvents;
    private final RecordReader<PricelistPublished> published;

    Flows(WholeStack stack) {
        this.stack = stack;
        this.writer = new RecordWriter<>(stack.kafka().producerProperties());
        this.orders = reader(Topics.ORDERS.name());
        this.results = reader(Topics.ORDER_RESULTS.name());
        this.deliveryCommands = reader(Topics.DELIVERY_COMMANDS.name());
        this.deliveryEvents = reader(Topics.DELIVERY_EVENTS.name());
        this.published = reader(Topics.PRICELIST_PUBLISHED.name());
    }

    private <V> RecordReader<V> reader(String topic) {
        return RecordReader.fromBeginning(topic, stack.kafka().assignedReaderProperties("e2e-" + topic + "-" + RUN));
    }

    // --- Kaspi's side -------------------------------------------------------------------------------------------

    /** A new order of this run in the sandbox (APPROVED_BY_BANK, created now), as a buyer's purchase makes one. */
    OrderSnapshot seed(String merchant, DeliveryMode mode, boolean kaspiDelivery) {
        return seed(OrderSeed.forMerchant(merchant).withDelivery(mode, kaspiDelivery));
    }

    /** The same with {@code entries} entries. */
    OrderSnapshot seed(String merchant, DeliveryMode mode, boolean kaspiDelivery, int entries) {
        return seed(OrderSeed.forMerchant(merchant).withDelivery(mode, kaspiDelivery).withEntries(entries));
    }

    private OrderSnapshot seed(OrderSeed seed) {
        String code = "81" + RUN + String.format("%03d", SEQUENCE.incrementAndGet());
        return stack.sandbox().admin().seedOrder(seed.withCode(code));
    }

    /** The order's status in Kaspi (the sandbox), e.g. {@code ACCEPTED_BY_MERCHANT}. */
    String kaspiStatus(OrderSnapshot order) {
        return stack.sandbox().admin().order(order.code()).orElseThrow().status().name();
    }

    // --- the merchant's side: orders and results ----------------------------------------------------------------

    <T> T awaitOrderEvent(OrderSnapshot order, Class<T> type) {
        return type.cast(awaitFor(orders, order, "order event " + type.getSimpleName(),
                record -> type.isInstance(record.value().getPayload())).value().getPayload());
    }

    /** The order's {@code OrderStatusChanged} to {@code status}, as the poller reports Kaspi's change. */
    OrderStatusChanged awaitOrderStatus(OrderSnapshot order, OrderStatus status) {
        return (OrderStatusChanged) awaitFor(orders, order, "OrderStatusChanged to " + status,
                record -> record.value().getPayload() instanceof OrderStatusChanged changed
                        && changed.getStatus() == status).value().getPayload();
    }

    /** The order's first result of the type, whichever command it answers. */
    <T> T awaitResult(OrderSnapshot order, Class<T> type) {
        return type.cast(awaitFor(results, order, "result " + type.getSimpleName(),
                record -> type.isInstance(record.value().getPayload())).value().getPayload());
    }

    /** The result of one command, which must be of the type. */
    <T> T awaitResult(OrderSnapshot order, String commandId, Class<T> type) {
        Object payload = awaitFor(results, order, "result of command " + commandId,
                record -> commandId.equals(record.value().getCommandId())).value().getPayload();
        if (!type.isInstance(payload)) {
            throw new AssertionError("command " + commandId + " of order " + order.code() + " got " + payload
                    + ", not " + type.getSimpleName());
        }
        return type.cast(payload);
    }

    /** Every result of the order so far, in topic order. */
    List<Object> results(OrderSnapshot order) {
        return payloads(results.records(), order, record -> true);
    }

    /** Every result of one command so far. */
    List<Object> results(OrderSnapshot order, String commandId) {
        return payloads(results.records(), order, record -> commandId.equals(record.value().getCommandId()));
    }

    void cancel(OrderSnapshot order, String commandId, CancellationReason reason, String comment) {
        command(order, commandId, CancelOrder.newBuilder().setReason(reason).setComment(comment).build());
    }

    /** A {@code CompleteOrder}: without a code Kaspi texts the buyer one; with it, the order is completed. */
    void complete(OrderSnapshot order, String commandId, String securityCode) {
        command(order, commandId, CompleteOrder.newBuilder().setSecurityCode(securityCode).build());
    }

    /** An {@code AssembleOrder} of a Kaspi Delivery order packed into {@code places} places. */
    void assemble(OrderSnapshot order, String commandId, int places) {
        command(order, commandId, AssembleOrder.newBuilder().setNumberOfSpace(places).build());
    }

    private void command(OrderSnapshot order, String commandId, Object payload) {
        String eventId = UUID.randomUUID().toString();
        writer.send(Topics.ORDER_COMMANDS.name(), order.code(), OrderCommand.newBuilder()
                .setMetadata(EventMetadata.newBuilder().setEventId(eventId).setOccurredAt(Instant.now())
                        .setMerchantId(order.merchantId()).setCorrelationId(eventId).build())
                .setCommandId(commandId).setOrderCode(order.code()).setPayload(payload).build());
    }

    // --- the merchant's side: deliveries ------------------------------------------------------------------------

    <T> T awaitDeliveryCommand(OrderSnapshot order, Class<T> type) {
        return type.cast(awaitFor(deliveryCommands, order, "delivery command " + type.getSimpleName(),
                record -> type.isInstance(record.value().getPayload())).value().getPayload());
    }

    List<Object> deliveryCommands(OrderSnapshot order) {
        return payloads(deliveryCommands.records(), order, record -> true);
    }

    <T> T awaitDeliveryEvent(OrderSnapshot order, Class<T> type) {
        return type.cast(awaitFor(deliveryEvents, order, "delivery event " + type.getSimpleName(),
                record -> type.isInstance(record.value().getPayload())).value().getPayload());
    }

    void awaitStatus(OrderSnapshot order, DeliveryStatus status) {
        awaitFor(deliveryEvents, order, "DeliveryStatusChanged to " + status,
                record -> record.value().getPayload() instanceof DeliveryStatusChanged changed
                        && changed.getStatus() == status);
    }

    /** The statuses of the order's {@code DeliveryStatusChanged} events so far, in topic order. */
    List<DeliveryStatus> statusChanges(OrderSnapshot order) {
        return payloads(deliveryEvents.records(), order, record -> true).stream()
                .filter(DeliveryStatusChanged.class::isInstance).map(DeliveryStatusChanged.class::cast)
                .map(DeliveryStatusChanged::getStatus).toList();
    }

    // --- the merchant's side: offers, stock and the price list --------------------------------------------------

    /**
     * An offer per sku and {@code count} units of each in every store, written with order-command-service's
     * merchant tool as a merchant's system reports them; the stock as of a minute ago, so that it is older than
     * every order seeded after it.
     */
    void offersWithStock(String merchant, List<String> skus, List<String> stores, int count) {
        List<String> lines = new ArrayList<>();
        for (String sku : skus) {
            lines.add("offer " + merchant + " " + sku + " \"Model " + sku + "\" Brand 10000");
        }
        send(lines);
        stock(merchant, skus, stores, count, Duration.ofMinutes(1));
    }

    /** {@code count} units of every sku in every store, reported as of {@code ago} before now. */
    void stock(String merchant, List<String> skus, List<String> stores, int count, Duration ago) {
        List<String> lines = new ArrayList<>();
        for (String sku : skus) {
            for (String store : stores) {
                lines.add("stock " + merchant + " " + sku + " " + store + " " + count);
            }
        }
        send(lines, Clock.offset(Clock.systemUTC(), ago.negated()));
    }

    private void send(List<String> lines) {
        send(lines, Clock.systemUTC());
    }

    private void send(List<String> lines, Clock clock) {
        try {
            SendCommand.sendAll(stack.kafka(), SendCommand.records(lines, clock), false);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write " + lines.size() + " catalog records", e);
        }
    }

    /** Waits until the merchant's served price list passes the check, and returns it. */
    PriceList awaitPriceList(String merchant, Predicate<PriceList> check) {
        AtomicReference<PriceList> last = new AtomicReference<>();
        try {
            return await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
                HttpResponse<String> response = stack.get(WholeStack.PRICELIST_PUBLISHER,
                        "/pricelist/" + merchant + ".xml");
                PriceList list = response.statusCode() == 200 ? PriceList.of(response.body()) : null;
                last.set(list);
                return list;
            }, list -> list != null && check.test(list));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the price list of " + merchant + " never passed the check; last served: "
                    + last.get(), e);
        }
    }

    /** The announcements of the merchant's new files so far. */
    List<PricelistPublished> published(String merchant) {
        return published.records().stream().map(ConsumerRecord::value)
                .filter(value -> merchant.equals(value.getMetadata().getMerchantId())).toList();
    }

    // ---

    private static <V> ConsumerRecord<String, V> awaitFor(RecordReader<V> reader, OrderSnapshot order, String what,
                                                         Predicate<ConsumerRecord<String, V>> matching) {
        try {
            return reader.await(record -> order.code().equals(record.key()) && matching.test(record), WAIT);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("order " + order.code() + " (" + order.merchantId() + ") got no " + what
                    + " in " + WAIT.toSeconds() + " s; it got " + payloads(reader.records(), order, r -> true), e);
        }
    }

    private static <V> List<Object> payloads(List<ConsumerRecord<String, V>> records, OrderSnapshot order,
                                             Predicate<ConsumerRecord<String, V>> matching) {
        return records.stream().filter(record -> order.code().equals(record.key()) && matching.test(record))
                .map(record -> payload(record.value())).toList();
    }

    private static Object payload(Object value) {
        if (value instanceof OrderEvent event) {
            return event.getPayload();
        }
        if (value instanceof OrderCommandResult result) {
            return result.getPayload();
        }
        if (value instanceof DeliveryCommand command) {
            return command.getPayload();
        }
        if (value instanceof DeliveryEvent event) {
            return event.getPayload();
        }
        return value;
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : new AutoCloseable[] {orders, results, deliveryCommands, deliveryEvents,
                published, writer}) {
            try {
                closeable.close();
            } catch (Exception e) {
                // close the rest anyway
            }
        }
    }
}
