package kz.kaspibridge.orderpoller.polling;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The orders of one merchant that were emitted and are not final yet, with the standing last
 * emitted. It is also the poller's "seen" set: an order that Kaspi still lists as APPROVED_BY_BANK
 * is never final, so it is in here once emitted. Not thread-safe: one merchant, one thread.
 */
public final class OpenOrders {

    private final Map<OrderCode, OrderSnapshot> byCode = new HashMap<>();

    public boolean contains(OrderCode code) {
        return byCode.containsKey(code);
    }

    public Optional<OrderSnapshot> get(OrderCode code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public int size() {
        return byCode.size();
    }

    public void track(OrderSnapshot order) {
        if (order.status().isFinal()) {
            byCode.remove(order.code());
        } else {
            byCode.put(order.code(), order);
        }
    }

    public void apply(StatusChange change) {
        track(change.current());
    }

    public Collection<OrderSnapshot> all() {
        return List.copyOf(byCode.values());
    }
}
