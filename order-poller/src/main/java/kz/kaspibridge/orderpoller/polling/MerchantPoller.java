package kz.kaspibridge.orderpoller.polling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import kz.kaspibridge.orderpoller.statussync.OpenOrders;
import kz.kaspibridge.orderpoller.statussync.StatusChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one merchant: new APPROVED_BY_BANK orders into OrderReceived, and status changes of the
 * orders it emitted into OrderStatusChanged. Its in-memory state only ever mirrors what Kafka
 * acknowledged; after any doubt it reads the state back from Kafka. One thread per merchant.
 */
public final class MerchantPoller {

    private static final Logger log = LoggerFactory.getLogger(MerchantPoller.class);
    private static final Comparator<Order> OLDEST_FIRST =
            Comparator.comparing(Order::creationDate).thenComparing(o -> o.code().value());

    private final MerchantId merchant;
    private final Set<OrderState> states;
    private final PollWindows windows;
    private final int batchSize;
    private final OrderSource source;
    private final OrderEvents events;
    private final PollerMetrics metrics;
    private final Clock clock;
    private MerchantState state;

    public MerchantPoller(MerchantId merchant, Set<OrderState> states, PollWindows windows, int batchSize,
                          OrderSource source, OrderEvents events, PollerMetrics metrics, Clock clock) {
        if (states.isEmpty() || batchSize < 1) {
            throw new IllegalArgumentException("a merchant needs states to watch and a positive batch size");
        }
        this.merchant = merchant;
        this.states = Set.copyOf(states);
        this.windows = windows;
        this.batchSize = batchSize;
        this.source = source;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
    }

    public MerchantId merchant() {
        return merchant;
    }

    /**
     * Emits every new order since the cursor (minus the overlap), one listing (window and state) at
     * a time so that progress survives a failure later in the walk, then moves the cursor to now.
     */
    public int pollNewOrders() {
        MerchantState current = opened();
        Instant now = clock.instant();
        long started = System.nanoTime();
        int[] emitted = {0};
        source.newOrders(merchant, windows.between(current.cursor(), now), states, listed -> {
            List<Order> fresh = unseen(current, listed);
            publishInBatches(fresh, List.of(), Optional.empty());
            emitted[0] += fresh.size();
            metrics.received(merchant, fresh.size());
        });
        publish(new OrderEvents.Batch(List.of(), List.of(), Optional.of(now)));
        metrics.pollSucceeded(merchant, Duration.ofNanos(System.nanoTime() - started), now);
        return emitted[0];
    }

    /**
     * Refreshes every open order: those created in the last 14 days through the window lists (one
     * call per page, not per order), the rest, and any the lists missed, by code.
     */
    public List<StatusChange> syncStatuses() {
        OpenOrders open = opened().openOrders();
        Instant now = clock.instant();
        Map<OrderCode, OrderSnapshot> found = new HashMap<>();
        List<OrderSnapshot> recent = open.createdSince(now.minus(PollWindow.MAX_SPAN));
        recent.stream().map(OrderSnapshot::creationDate).min(Comparator.naturalOrder()).ifPresent(oldest -> {
            for (PollWindow window : PollWindows.covering(oldest, now)) {
                for (OrderState listed : OrderState.listable()) {
                    source.standings(merchant, window, listed).stream()
                            .filter(o -> open.contains(o.code())).forEach(o -> found.put(o.code(), o));
                }
            }
        });
        List<StatusChange> changes = new ArrayList<>();
        for (OrderSnapshot tracked : open.all()) {
            Optional<OrderSnapshot> current = Optional.ofNullable(found.get(tracked.code()))
                    .or(() -> source.standing(merchant, tracked.code()));
            current.flatMap(standing -> StatusChange.between(tracked, standing)).ifPresent(changes::add);
        }
        publishInBatches(List.of(), changes, Optional.empty());
        changes.forEach(change -> log.info("order status changed orderCode={} merchantId={} status={} state={}",
                change.current().code(), merchant, change.current().status(), change.current().state()));
        return changes;
    }

    /** Forgets the in-memory state, so the next cycle reads it back from Kafka. */
    public void reset() {
        state = null;
    }

    public int openOrders() {
        return state == null ? 0 : state.openOrders().size();
    }

    private static List<Order> unseen(MerchantState current, List<Order> listed) {
        Map<OrderCode, Order> fresh = new LinkedHashMap<>();
        for (Order order : listed) {
            if (!current.openOrders().contains(order.code())) {
                fresh.putIfAbsent(order.code(), order);
            }
        }
        List<Order> sorted = new ArrayList<>(fresh.values());
        sorted.sort(OLDEST_FIRST);
        return sorted;
    }

    /** Several transactions for a big catch-up; only the last one may move the cursor. */
    private void publishInBatches(List<Order> received, List<StatusChange> changes, Optional<Instant> cursor) {
        int total = Math.max(received.size(), changes.size());
        int from = 0;
        do {
            int to = Math.min(total, from + batchSize);
            boolean last = to >= total;
            OrderEvents.Batch batch = new OrderEvents.Batch(slice(received, from, to), slice(changes, from, to),
                    last ? cursor : Optional.empty());
            if (!batch.isEmpty()) {
                publish(batch);
            }
            from = to;
        } while (from < total);
        metrics.openOrders(merchant, openOrders());
    }

    private void publish(OrderEvents.Batch batch) {
        try {
            events.publish(merchant, batch);
        } catch (OrderEventsException e) {
            // Kafka may or may not have committed: only the log itself can tell.
            reset();
            metrics.kafkaFailed(merchant);
            throw e;
        }
        state.apply(batch);
        batch.received().forEach(order -> log.info("order received orderCode={} merchantId={} state={}",
                order.code(), merchant, order.state()));
    }

    private MerchantState opened() {
        if (state == null) {
            state = events.open(merchant);
            metrics.openOrders(merchant, state.openOrders().size());
            log.info("merchant state loaded merchantId={} cursor={} openOrders={}", merchant,
                    state.cursor().orElse(null), state.openOrders().size());
        }
        return state;
    }

    private static <T> List<T> slice(List<T> list, int from, int to) {
        return list.subList(Math.min(from, list.size()), Math.min(to, list.size()));
    }
}
