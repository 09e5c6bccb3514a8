package kz.kaspibridge.orderpoller.polling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import kz.kaspibridge.kaspiclient.shop.OrderWindows;

/**
 * Kaspi in memory: orders can change status; calls can be told to fail. Windows are cut by the
 * client's own rule ({@link OrderWindows}), pages hold {@code pageSize} orders, and every page and
 * lookup counts as one call, as Kaspi would count them.
 */
public final class FakeOrderSource implements OrderSource {

    private static final Duration MAX_WINDOW = Duration.ofDays(14);

    private final Map<OrderCode, Order> orders = new LinkedHashMap<>();
    private final Map<OrderCode, OrderSnapshot> standings = new LinkedHashMap<>();
    private final int pageSize;
    private OrderSourceException failure;
    public int listCalls;
    public int lookups;

    public FakeOrderSource() {
        this(100);
    }

    public FakeOrderSource(int pageSize) {
        this.pageSize = pageSize;
    }

    public void add(Order order) {
        orders.put(order.code(), order);
        standings.put(order.code(), order.snapshot());
    }

    public void move(OrderCode code, OrderStatus status, OrderState state) {
        OrderSnapshot was = standings.get(code);
        standings.put(code, new OrderSnapshot(was.id(), code, status, state, was.creationDate()));
    }

    public void failWith(OrderSourceException.Failure kind) {
        failure = new OrderSourceException(kind, "fake " + kind, null);
    }

    public void recover() {
        failure = null;
    }

    public int calls() {
        return listCalls + lookups;
    }

    @Override
    public void newOrders(MerchantId merchant, CreationRange range, Set<OrderState> states,
                          Consumer<List<Order>> each) {
        for (OrderWindows.Window window : OrderWindows.split(range.from(), range.to(), MAX_WINDOW)) {
            for (OrderState state : states) {
                List<Order> found = new ArrayList<>();
                for (Order order : orders.values()) {
                    OrderSnapshot now = standings.get(order.code());
                    if (now.status() == OrderStatus.APPROVED_BY_BANK && now.state() == state
                            && window.contains(now.creationDate())) {
                        found.add(order);
                    }
                }
                countPages(found.size());
                each.accept(found);
            }
        }
    }

    @Override
    public List<Listing> listingsCovering(OrderState state, Collection<OrderSnapshot> tracked) {
        return OrderWindows.covering(tracked.stream().map(OrderSnapshot::creationDate).toList(), MAX_WINDOW).stream()
                .map(w -> new Listing(state, w.from(), w.to(), tracked.stream()
                        .filter(o -> w.contains(o.creationDate())).map(OrderSnapshot::code).toList()))
                .toList();
    }

    @Override
    public Listing.Page standings(MerchantId merchant, Listing listing, int page) {
        failIfTold();
        listCalls++;
        OrderWindows.Window window = new OrderWindows.Window(listing.from(), listing.to());
        Predicate<OrderSnapshot> listed = s -> s.state() == listing.state() && window.contains(s.creationDate());
        List<OrderSnapshot> all = standings.values().stream().filter(listed).toList();
        int pages = (all.size() + pageSize - 1) / pageSize;
        List<OrderSnapshot> slice = all.subList(Math.min(all.size(), page * pageSize),
                Math.min(all.size(), (page + 1) * pageSize));
        return new Listing.Page(slice, pages);
    }

    @Override
    public Optional<OrderSnapshot> standing(MerchantId merchant, OrderCode code) {
        failIfTold();
        lookups++;
        return Optional.ofNullable(standings.get(code));
    }

    private void countPages(int found) {
        failIfTold();
        listCalls += Math.max(1, (found + pageSize - 1) / pageSize);
    }

    private void failIfTold() {
        if (failure != null) {
            throw failure;
        }
    }
}
