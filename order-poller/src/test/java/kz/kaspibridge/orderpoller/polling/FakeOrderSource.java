package kz.kaspibridge.orderpoller.polling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Kaspi in memory: orders can change status; lookups can be told to fail. */
final class FakeOrderSource implements OrderSource {

    private final Map<OrderCode, Order> orders = new LinkedHashMap<>();
    private final Map<OrderCode, OrderSnapshot> standings = new LinkedHashMap<>();
    private OrderSourceException failure;
    int listCalls;
    int lookups;

    void add(Order order) {
        orders.put(order.code(), order);
        standings.put(order.code(), order.snapshot());
    }

    void move(OrderCode code, OrderStatus status, OrderState state) {
        OrderSnapshot was = standings.get(code);
        standings.put(code, new OrderSnapshot(was.id(), code, status, state, was.creationDate()));
    }

    void failWith(OrderSourceException.Failure kind) {
        failure = new OrderSourceException(kind, "fake " + kind, null);
    }

    void recover() {
        failure = null;
    }

    @Override
    public List<Order> newOrders(MerchantId merchant, PollWindow window, OrderState state) {
        failIfTold();
        listCalls++;
        List<Order> found = new ArrayList<>();
        for (Order order : orders.values()) {
            OrderSnapshot now = standings.get(order.code());
            if (now.status() == OrderStatus.APPROVED_BY_BANK && now.state() == state && within(window, now)) {
                found.add(order);
            }
        }
        return found;
    }

    @Override
    public List<OrderSnapshot> standings(MerchantId merchant, PollWindow window, OrderState state) {
        failIfTold();
        listCalls++;
        return standings.values().stream().filter(s -> s.state() == state && within(window, s)).toList();
    }

    @Override
    public Optional<OrderSnapshot> standing(MerchantId merchant, OrderCode code) {
        failIfTold();
        lookups++;
        return Optional.ofNullable(standings.get(code));
    }

    private static boolean within(PollWindow window, OrderSnapshot order) {
        return !order.creationDate().isBefore(window.from()) && !order.creationDate().isAfter(window.to());
    }

    private void failIfTold() {
        if (failure != null) {
            throw failure;
        }
    }
}
