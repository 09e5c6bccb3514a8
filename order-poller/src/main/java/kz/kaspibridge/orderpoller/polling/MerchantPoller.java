package kz.kaspibridge.orderpoller.polling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    private final RepollRequests repolls;
    private MerchantState state;
    /** The re-poll request judged last, so each is judged (logged, counted) once, not at every poll. */
    private Instant judgedRepoll;

    public MerchantPoller(MerchantId merchant, Set<OrderState> states, PollWindows windows, int batchSize,
                          OrderSource source, OrderEvents events, PollerMetrics metrics, Clock clock) {
        this(merchant, states, windows, batchSize, source, events, metrics, clock, RepollRequests.NONE);
    }

    public MerchantPoller(MerchantId merchant, Set<OrderState> states, PollWindows windows, int batchSize,
                          OrderSource source, OrderEvents events, PollerMetrics metrics, Clock clock,
                          RepollRequests repolls) {
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
        this.repolls = repolls;
    }

    public MerchantId merchant() {
        return merchant;
    }

    /**
     * Emits every new order since the cursor (minus the overlap), one listing (window and state) at
     * a time so that progress survives a failure later in the walk, then moves the cursor to now. An operator's
     * re-poll request is applied first, so this very poll reads from the requested time.
     */
    public int pollNewOrders() {
        MerchantState current = opened();
        Instant now = clock.instant();
        applyRepoll(current, now);
        long started = System.nanoTime();
        int[] emitted = {0};
        source.newOrders(merchant, windows.between(current.cursor(), now), states, listed -> {
            List<Order> fresh = unseen(current, listed);
            publishInBatches(fresh, List.of(), Optional.empty());
            emitted[0] += fresh.size();
            metrics.received(merchant, fresh.size());
        });
        publish(new OrderEvents.Batch(List.of(), List.of(), Optional.of(now), current.lastRepoll()));
        metrics.pollSucceeded(merchant, Duration.ofNanos(System.nanoTime() - started), now);
        return emitted[0];
    }

    /**
     * Moves the cursor back to a requested time, in this merchant's own transaction, together with the request's
     * time, so the request is applied once even across restarts and failovers. A request that would skip orders
     * (a time after the cursor or in the future) or undo a newer one is refused: logged and counted, never fatal.
     */
    private void applyRepoll(MerchantState current, Instant now) {
        Optional<Repoll.Request> latest = repolls.latest(merchant);
        if (latest.isEmpty() || latest.get().requestedAt().equals(judgedRepoll)) {
            return;
        }
        Repoll.Request request = latest.get();
        Repoll.Outcome outcome = Repoll.judge(request, current.cursor(), current.lastRepoll(), now);
        if (outcome == Repoll.Outcome.APPLIED) {
            Optional<Instant> previous = current.cursor();
            publish(new OrderEvents.Batch(List.of(), List.of(), Optional.of(request.from()),
                    Optional.of(request.requestedAt())));
            log.info("re-poll applied merchantId={} from={} previousCursor={} requestedAt={}", merchant,
                    request.from(), previous.orElse(null), request.requestedAt());
        } else if (outcome != Repoll.Outcome.ALREADY_APPLIED) {
            log.warn("re-poll request refused merchantId={} outcome={} from={} requestedAt={} cursor={}"
                    + " lastApplied={}", merchant, outcome.tag(), request.from(), request.requestedAt(),
                    current.cursor().orElse(null), current.lastRepoll().orElse(null));
        }
        if (outcome != Repoll.Outcome.ALREADY_APPLIED) {
            metrics.repollRequest(outcome);
        }
        judgedRepoll = request.requestedAt();
    }

    /** The open orders Kafka holds for this merchant now: what status sync refreshes. */
    public Collection<OrderSnapshot> tracked() {
        return opened().openOrders().all();
    }

    /** The last emitted standing of an open order, or empty once it is final (or was never emitted). */
    public Optional<OrderSnapshot> tracked(OrderCode code) {
        return opened().openOrders().get(code);
    }

    /** Emits status changes and moves the open orders along, in transactions of at most {@code batchSize}. */
    public void publishChanges(List<StatusChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        opened();
        publishInBatches(List.of(), changes, Optional.empty());
        changes.forEach(change -> log.info("order status changed orderCode={} merchantId={} status={} state={}",
                change.current().code(), merchant, change.current().status(), change.current().state()));
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
