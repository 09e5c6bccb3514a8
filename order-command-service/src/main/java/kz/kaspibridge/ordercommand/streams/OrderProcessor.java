package kz.kaspibridge.ordercommand.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import kz.kaspibridge.ordercommand.commands.CommandValidation;
import kz.kaspibridge.ordercommand.commands.KnownOrder;
import kz.kaspibridge.ordercommand.commands.OrderCommand;
import kz.kaspibridge.ordercommand.commands.Rejection;
import kz.kaspibridge.ordercommand.orders.MerchantId;
import kz.kaspibridge.ordercommand.orders.Order;
import kz.kaspibridge.ordercommand.orders.OrderStatus;
import kz.kaspibridge.ordercommand.policy.AcceptanceDecisions;
import kz.kaspibridge.ordercommand.policy.MerchantPolicy;
import kz.kaspibridge.ordercommand.policy.PolicyCommandIds;
import kz.kaspibridge.ordercommand.policy.PolicyDecision;
import kz.kaspibridge.ordercommand.stock.StockKey;
import kz.kaspibridge.ordercommand.stock.StockLocation;
import kz.kaspibridge.ordercommand.stock.StockReservations;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns, per order code, what the service knows of an order and which commands it has already answered. It reads
 * the stores, asks the domain ({@link AcceptanceDecisions}, {@link CommandValidation}), writes the stores and
 * forwards intents, rejections and stock requests; all of it commits in one exactly-once transaction, so a
 * redelivered record finds its effect already recorded and produces nothing.
 */
final class OrderProcessor implements Processor<String, OrderFlow, String, Routed> {

    private static final Logger log = LoggerFactory.getLogger(OrderProcessor.class);
    /** How often expired orders and answers are looked for; retention is weeks, so hourly is plenty. */
    static final Duration RETENTION_SWEEP = Duration.ofHours(1);
    private static final char AT = '@';

    private final Function<MerchantId, Optional<MerchantPolicy>> policies;
    private final Clock clock;
    private final Duration deadlineCheck;
    private final Duration retention;
    private final CommandMetrics metrics;
    private ProcessorContext<String, Routed> context;
    private KeyValueStore<String, StoredOrder> orders;
    private KeyValueStore<String, String> answered;
    private final Set<String> waitingMerchants = new HashSet<>();

    OrderProcessor(Function<MerchantId, Optional<MerchantPolicy>> policies, Clock clock, Duration deadlineCheck,
                   Duration retention, CommandMetrics metrics) {
        this.policies = policies;
        this.clock = clock;
        this.deadlineCheck = deadlineCheck;
        this.retention = retention;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.orders = context.getStateStore(OrderCommandTopology.ORDERS_STORE);
        this.answered = context.getStateStore(OrderCommandTopology.COMMANDS_STORE);
        context.schedule(deadlineCheck, PunctuationType.WALL_CLOCK_TIME, ignored -> checkDeadlines());
        context.schedule(RETENTION_SWEEP, PunctuationType.WALL_CLOCK_TIME, ignored -> forgetExpired());
    }

    @Override
    public void process(Record<String, OrderFlow> record) {
        OrderFlow flow = record.value();
        if (flow instanceof OrderFlow.Received) {
            received(record, (OrderFlow.Received) flow);
        } else if (flow instanceof OrderFlow.StatusChanged) {
            statusChanged(record, (OrderFlow.StatusChanged) flow);
        } else if (flow instanceof OrderFlow.Command) {
            command(record, (OrderFlow.Command) flow);
        } else if (flow instanceof OrderFlow.Reservation) {
            reservation(record, ((OrderFlow.Reservation) flow).decision());
        } else if (flow instanceof OrderFlow.DeliveryRequested) {
            deliveryRequested(record);
        } else {
            unreadable(record, (OrderFlow.Unreadable) flow);
        }
    }

    private void received(Record<String, OrderFlow> record, OrderFlow.Received received) {
        Order order = received.order();
        if (orders.get(record.key()) != null) {
            log.info("order already known, redelivery ignored orderCode={} merchantId={}", order.code(),
                    order.merchant());
            return;
        }
        StoredOrder stored = StoredOrder.of(order, received.correlationId(), received.eventId());
        Optional<MerchantPolicy> policy = policies.apply(order.merchant());
        if (policy.isEmpty()) {
            log.warn("no policy configured, order left alone orderCode={} merchantId={}", order.code(),
                    order.merchant());
            orders.put(record.key(), stored.withDecision("UNCONFIGURED", 0, false));
            return;
        }
        if (!AcceptanceDecisions.needsStock(order, policy.get())) {
            apply(record, stored, policy.get(), AcceptanceDecisions.decide(order, policy.get(), null), false);
            return;
        }
        Optional<StockLocation> location = StockReservations.location(order, policy.get().defaultStore());
        if (location.isEmpty()) {
            apply(record, stored, policy.get(), AcceptanceDecisions.severalStores(order, policy.get()), false);
            return;
        }
        orders.put(record.key(), stored.withDecision("PENDING_STOCK", 0, false));
        metrics.policyDecision(order.merchant().value(), policy.get().policy().name(), "PENDING_STOCK");
        context.forward(record.withKey(location.get().asString()).withValue(new Routed.ToStock(
                stockMessage("RESERVE", order, policy.get(), clock.instant()))));
    }

    private void reservation(Record<String, OrderFlow> record, StockDecision decision) {
        StoredOrder stored = orders.get(record.key());
        if (stored == null || !"PENDING_STOCK".equals(stored.decision())) {
            log.info("stock answer for an order no longer waiting on stock orderCode={}", record.key());
            if (stored != null && decision.reserved() && !stored.reserved()) {
                // A person's CancelOrder overtook the answer: nothing will be accepted, so the units go back.
                policies.apply(new MerchantId(stored.merchant()))
                        .ifPresent(policy -> forwardStock(record, "RELEASE", stored.toOrder(), policy));
            }
            return;
        }
        Order order = stored.toOrder();
        MerchantPolicy policy = policies.apply(order.merchant()).orElseThrow(() -> new IllegalStateException(
                "merchant " + order.merchant() + " lost its policy while order " + order.code() + " waited on stock"));
        if (order.status() != OrderStatus.APPROVED_BY_BANK) {
            // The buyer or the bank cancelled while stock was being decided: no accept, give the units back.
            orders.put(record.key(), stored.withDecision("IGNORE", 0, false));
            if (decision.reserved()) {
                forwardStock(record, "RELEASE", order, policy);
            }
            return;
        }
        StockReservations.Outcome outcome = decision.reserved() ? new StockReservations.Outcome.Reserved(Map.of())
                : new StockReservations.Outcome.Short(decision.shortages().stream()
                .map(s -> new StockReservations.Shortage(StockKey.parse(order.merchant() + "|" + s.store() + "|"
                        + s.sku()), s.wanted(), s.available())).toList());
        apply(record, stored, policy, AcceptanceDecisions.decide(order, policy, outcome), decision.reserved());
    }

    private void apply(Record<String, OrderFlow> record, StoredOrder stored, MerchantPolicy policy,
                       PolicyDecision decision, boolean reserved) {
        Order order = stored.toOrder();
        String commandId = decision.commandId().value();
        String name;
        long deadline = 0;
        if (decision instanceof PolicyDecision.Accept) {
            name = "ACCEPT";
            forwardEffect(record, stored, commandId, "ACCEPT", "POLICY", null, null, null, null);
            if (!reserved) {
                // Accepted without a stock check (AUTO): what it takes still comes off the published figure.
                forwardStock(record, "TAKE", order, policy);
                reserved = true;
            }
        } else if (decision instanceof PolicyDecision.CancelOutOfStock) {
            name = "CANCEL";
            forwardEffect(record, stored, commandId, "CANCEL", "POLICY", "MERCHANT_OUT_OF_STOCK", null, null, null);
        } else if (decision instanceof PolicyDecision.Hold) {
            name = "HOLD";
            deadline = ((PolicyDecision.Hold) decision).deadline().toEpochMilli();
        } else {
            name = "IGNORE";
        }
        answer(commandId, name);
        orders.put(record.key(), stored.withDecision(name, deadline, reserved));
        metrics.policyDecision(order.merchant().value(), policy.policy().name(), name);
        log.info("policy decided orderCode={} merchantId={} policy={} decision={} commandId={}", order.code(),
                order.merchant(), policy.policy(), name, commandId);
    }

    private void statusChanged(Record<String, OrderFlow> record, OrderFlow.StatusChanged changed) {
        StoredOrder stored = orders.get(record.key());
        if (stored == null) {
            return;
        }
        OrderStatus status = changed.status();
        OrderStatus known = OrderStatus.valueOf(stored.status());
        if ((known.isCancelled() || known == OrderStatus.COMPLETED)
                && (status == OrderStatus.ACCEPTED_BY_MERCHANT || status == OrderStatus.APPROVED_BY_BANK)) {
            // A late report of an earlier step (our own accept result after the buyer's cancellation): forward only.
            return;
        }
        StoredOrder updated = stored.withStatus(status);
        if (status.isCancelled() && stored.deliveryBooked()) {
            cancelDelivery(record, stored);
        }
        if (status == OrderStatus.ACCEPTED_BY_MERCHANT && known != OrderStatus.ACCEPTED_BY_MERCHANT) {
            autoAssemble(record, updated);
        }
        if ((status.isCancelled() || status.isReturn()) && stored.reserved()) {
            forwardStock(record, "RELEASE", stored.toOrder(), policyOf(stored));
            updated = updated.withDecision(updated.decision(), updated.deadline(), false);
        } else if (status == OrderStatus.COMPLETED && stored.reserved()) {
            forwardStock(record, "COMPLETE", stored.toOrder(), policyOf(stored));
        }
        orders.put(record.key(), updated);
        log.info("order status changed orderCode={} merchantId={} status={}", record.key(), stored.merchant(), status);
    }

    private void command(Record<String, OrderFlow> record, OrderFlow.Command flow) {
        OrderCommand command = flow.command();
        String commandId = command.commandId().value();
        if (answered.get(commandId) != null) {
            metrics.command(command.type().name(), "DUPLICATE");
            log.info("command already answered, ignored commandId={} orderCode={} merchantId={}", commandId,
                    command.orderCode(), command.merchant());
            return;
        }
        StoredOrder stored = orders.get(record.key());
        Optional<Rejection> rejection = CommandValidation.validate(command,
                Optional.ofNullable(stored).map(OrderProcessor::expected));
        if (rejection.isPresent()) {
            answer(commandId, "REJECTED");
            metrics.command(command.type().name(), "REJECTED");
            log.info("command rejected commandId={} orderCode={} merchantId={} type={} reason={}", commandId,
                    command.orderCode(), command.merchant(), command.type(), rejection.get().reason());
            context.forward(record.withValue(new Routed.ToResult(AvroMapping.rejection(commandId,
                    command.orderCode().value(), command.merchant().value(), command.type(), rejection.get(),
                    flow.correlationId(), flow.eventId(), clock.instant()))));
            return;
        }
        answer(commandId, "EFFECT");
        metrics.command(command.type().name(), "ACCEPTED_FOR_EFFECT");
        forwardCommandEffect(record, stored, command);
        if (command instanceof OrderCommand.AcceptOrder || command instanceof OrderCommand.CancelOrder) {
            // A person decided: the policy's hold is over, whatever the command's outcome in Kaspi.
            boolean accept = command instanceof OrderCommand.AcceptOrder;
            boolean reserved = stored.reserved();
            Optional<MerchantPolicy> policy = policies.apply(new MerchantId(stored.merchant()));
            if (accept && !reserved && policy.isPresent()) {
                // Accepted by a person, not against the stock: its units still come off the published figure.
                forwardStock(record, "TAKE", stored.toOrder(), policy.get());
                reserved = true;
            }
            orders.put(record.key(), stored.withDecision(accept ? "ACCEPT_COMMANDED" : "CANCEL_COMMANDED", 0,
                    reserved));
        }
    }

    private void forwardCommandEffect(Record<String, OrderFlow> record, StoredOrder stored, OrderCommand command) {
        String id = command.commandId().value();
        String type = command.type().name();
        if (command instanceof OrderCommand.CancelOrder) {
            OrderCommand.CancelOrder cancel = (OrderCommand.CancelOrder) command;
            forwardEffect(record, stored, id, type, "COMMAND", cancel.reason().name(), cancel.comment().orElse(null),
                    null, null);
        } else if (command instanceof OrderCommand.CompleteOrder) {
            forwardEffect(record, stored, id, type, "COMMAND", null, null,
                    ((OrderCommand.CompleteOrder) command).securityCode().orElse(null), null);
        } else if (command instanceof OrderCommand.AssembleOrder) {
            forwardEffect(record, stored, id, type, "COMMAND", null, null, null,
                    ((OrderCommand.AssembleOrder) command).numberOfSpace());
        } else {
            forwardEffect(record, stored, id, type, "COMMAND", null, null, null, null);
        }
    }

    /**
     * The order as commands should see it: an accept already on its way to Kaspi counts as done, so a second
     * accept is refused at once and a completion need not wait for the accept's result to come back. The
     * executor re-reads Kaspi before any write, so an accept that failed still stops the completion there.
     */
    private static KnownOrder expected(StoredOrder stored) {
        KnownOrder known = stored.known();
        boolean acceptSent = "ACCEPT".equals(stored.decision()) || "ACCEPT_COMMANDED".equals(stored.decision());
        return acceptSent && known.status() == OrderStatus.APPROVED_BY_BANK
                ? known.withStatus(OrderStatus.ACCEPTED_BY_MERCHANT) : known;
    }

    private void unreadable(Record<String, OrderFlow> record, OrderFlow.Unreadable flow) {
        if (flow.commandId() == null || flow.commandId().isBlank() || flow.merchant() == null) {
            log.error("unusable record skipped orderCode={} merchantId={} problem={}", record.key(), flow.merchant(),
                    flow.what());
            return;
        }
        if (answered.get(flow.commandId()) != null) {
            return;
        }
        answer(flow.commandId(), "REJECTED");
        metrics.command("UNKNOWN", "REJECTED");
        Rejection rejection = new Rejection(Rejection.Reason.INVALID_COMMAND, "unusable command: " + flow.what());
        context.forward(record.withValue(new Routed.ToResult(AvroMapping.rejection(flow.commandId(), record.key(),
                flow.merchant(), null, rejection, null, flow.eventId(), clock.instant()))));
    }

    /** Held orders past their deadline: said once, in a log line and a metric, then cancelled if configured. */
    private void checkDeadlines() {
        Instant now = clock.instant();
        Map<String, Integer> waiting = new HashMap<>();
        try (KeyValueIterator<String, StoredOrder> all = orders.all()) {
            while (all.hasNext()) {
                KeyValue<String, StoredOrder> entry = all.next();
                StoredOrder stored = entry.value;
                if ("HOLD".equals(stored.decision()) && now.toEpochMilli() >= stored.deadline()
                        && OrderStatus.valueOf(stored.status()) == OrderStatus.APPROVED_BY_BANK) {
                    waiting.merge(stored.merchant(), 1, Integer::sum);
                    if (!stored.overdueSeen()) {
                        overdue(entry.key, stored, now);
                    }
                }
            }
        }
        // Merchants seen before but with none waiting now must read 0, not their last count.
        waitingMerchants.forEach(merchant -> waiting.putIfAbsent(merchant, 0));
        waitingMerchants.addAll(waiting.keySet());
        metrics.overdueWaiting(context.taskId().toString(), waiting);
    }

    @Override
    public void close() {
        if (context != null) {
            metrics.overdueWaiting(context.taskId().toString(), Map.of());
        }
    }

    private void overdue(String key, StoredOrder stored, Instant now) {
        metrics.overdue(stored.merchant());
        log.warn("held order passed its deadline orderCode={} merchantId={} deadline={}", stored.code(),
                stored.merchant(), Instant.ofEpochMilli(stored.deadline()));
        orders.put(key, stored.overdueReported());
        Order order = stored.toOrder();
        Optional<OrderCommand.CancelOrder> cancel = policies.apply(order.merchant())
                .flatMap(policy -> AcceptanceDecisions.overdueCancel(order, policy));
        if (cancel.isPresent() && answered.get(cancel.get().commandId().value()) == null) {
            String id = cancel.get().commandId().value();
            answer(id, "EFFECT");
            Record<String, OrderFlow> timer = new Record<>(key, null, now.toEpochMilli());
            forwardEffect(timer, stored, id, "CANCEL", "POLICY", cancel.get().reason().name(),
                    cancel.get().comment().orElse(null), null, null);
        }
    }

    private void forwardEffect(Record<String, OrderFlow> record, StoredOrder order, String commandId, String type,
                               String origin, String reason, String comment, String securityCode,
                               Integer numberOfSpace) {
        Effect effect = new Effect(commandId, order.code(), order.id(), order.merchant(), type, origin, reason,
                comment, securityCode, numberOfSpace, order.kaspiDelivery(), order.receivedAt(),
                clock.instant().toEpochMilli(), order.correlationId(), order.eventId(),
                "ACCEPT".equals(type) ? DeliveryBooking.of(order.toOrder()).orElse(null) : null);
        context.forward(record.withKey(order.code()).withValue(new Routed.ToEffect(effect)));
    }

    /** One message per store the order draws on (a RESERVE only ever has one: see {@code received}). */
    private void forwardStock(Record<String, OrderFlow> record, String kind, Order order, MerchantPolicy policy) {
        Map<StockLocation, List<StockMessage.Line>> byLocation = new LinkedHashMap<>();
        StockReservations.unitsNeeded(order, policy.defaultStore()).forEach((key, units) -> byLocation
                .computeIfAbsent(key.location(), ignored -> new ArrayList<>())
                .add(new StockMessage.Line(key.sku().value(), units)));
        long at = clock.instant().toEpochMilli();
        byLocation.forEach((location, lines) -> context.forward(record.withKey(location.asString())
                .withValue(new Routed.ToStock(StockMessage.forOrder(kind, order.merchant().value(),
                        location.store().value(), order.code().value(), List.copyOf(lines), at)))));
    }

    private void deliveryRequested(Record<String, OrderFlow> record) {
        StoredOrder stored = orders.get(record.key());
        if (stored == null) {
            log.warn("BookDelivery for an order this service does not know orderCode={}", record.key());
            return;
        }
        orders.put(record.key(), stored.withDeliveryBooked());
        if (OrderStatus.valueOf(stored.status()).isCancelled()) {
            // The cancellation came first: the booking it overtook is cancelled now.
            cancelDelivery(record, stored);
        }
    }

    /** One {@code CancelDelivery} per order, whichever of the cancellation and the booking is seen last. */
    private void cancelDelivery(Record<String, OrderFlow> record, StoredOrder stored) {
        Order order = stored.toOrder();
        String id = PolicyCommandIds.cancelDelivery(order).value();
        if (answered.get(id) != null) {
            return;
        }
        answer(id, "DELIVERY");
        metrics.deliveryCancel(stored.merchant());
        log.info("delivery cancelled with its order orderCode={} merchantId={} commandId={}", stored.code(),
                stored.merchant(), id);
        context.forward(record.withKey(stored.code()).withValue(new Routed.ToDelivery(AvroMapping.cancelDelivery(id,
                stored.code(), stored.merchant(), "ORDER_CANCELLED", stored.correlationId(), stored.eventId(),
                clock.instant()))));
    }

    /** A Kaspi Delivery order just accepted, of a merchant that assembles automatically: one ASSEMBLE intent. */
    private void autoAssemble(Record<String, OrderFlow> record, StoredOrder stored) {
        Order order = stored.toOrder();
        Optional<OrderCommand.AssembleOrder> assemble = policies.apply(order.merchant())
                .flatMap(policy -> AcceptanceDecisions.autoAssemble(order, policy));
        if (assemble.isEmpty() || answered.get(assemble.get().commandId().value()) != null) {
            return;
        }
        String id = assemble.get().commandId().value();
        answer(id, "EFFECT");
        metrics.command("ASSEMBLE", "AUTOMATIC");
        log.info("assembling automatically orderCode={} merchantId={} places={} commandId={}", stored.code(),
                stored.merchant(), assemble.get().numberOfSpace(), id);
        forwardEffect(record, stored, id, "ASSEMBLE", "POLICY", null, null, null, assemble.get().numberOfSpace());
    }

    /** Records how a command id was answered, with when, so {@link #forgetExpired} can drop it later. */
    private void answer(String commandId, String how) {
        answered.put(commandId, how + AT + clock.millis());
    }

    /**
     * Forgets orders past retention (see {@link StoredOrder#expired}) and command answers older than it. Retention
     * is longer than {@code kaspi.orders} keeps records (30 days) and far longer than {@code kaspi.order-commands}
     * (7 days), so nothing that can still be redelivered is forgotten and then decided a second time.
     */
    private void forgetExpired() {
        Instant now = clock.instant();
        int forgottenOrders = 0;
        int forgottenAnswers = 0;
        try (KeyValueIterator<String, StoredOrder> all = orders.all()) {
            while (all.hasNext()) {
                KeyValue<String, StoredOrder> entry = all.next();
                if (entry.value.expired(now, retention)) {
                    orders.delete(entry.key);
                    forgottenOrders++;
                }
            }
        }
        long oldest = now.minus(retention).toEpochMilli();
        try (KeyValueIterator<String, String> all = answered.all()) {
            while (all.hasNext()) {
                KeyValue<String, String> entry = all.next();
                int at = entry.value.lastIndexOf(AT);
                if (at < 0) {
                    // Written before answers carried a time: start its clock now.
                    answered.put(entry.key, entry.value + AT + now.toEpochMilli());
                } else if (Long.parseLong(entry.value.substring(at + 1)) < oldest) {
                    answered.delete(entry.key);
                    forgottenAnswers++;
                }
            }
        }
        if (forgottenOrders + forgottenAnswers > 0) {
            log.info("forgot expired state orders={} answers={} retention={}", forgottenOrders, forgottenAnswers,
                    retention);
        }
    }

    private MerchantPolicy policyOf(StoredOrder stored) {
        return policies.apply(new MerchantId(stored.merchant())).orElseThrow(() -> new IllegalStateException(
                "merchant " + stored.merchant() + " holds stock but has no policy"));
    }

    private static StockMessage stockMessage(String kind, Order order, MerchantPolicy policy, Instant at) {
        Map<StockKey, Integer> needed = StockReservations.unitsNeeded(order, policy.defaultStore());
        StockKey first = needed.keySet().iterator().next();
        List<StockMessage.Line> lines = needed.entrySet().stream()
                .map(e -> new StockMessage.Line(e.getKey().sku().value(), e.getValue())).toList();
        return StockMessage.forOrder(kind, order.merchant().value(), first.store().value(), order.code().value(),
                lines, at.toEpochMilli());
    }
}
