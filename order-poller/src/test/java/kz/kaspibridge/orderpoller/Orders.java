package kz.kaspibridge.orderpoller;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import kz.kaspibridge.orderpoller.polling.Order;
import kz.kaspibridge.orderpoller.polling.OrderCode;
import kz.kaspibridge.orderpoller.polling.OrderState;
import kz.kaspibridge.orderpoller.polling.OrderStatus;

/** Test orders: {@code Orders.anOrder().code("A1").entries(2).build()}. */
public final class Orders {

    private String code = "100000001";
    private OrderStatus status = OrderStatus.APPROVED_BY_BANK;
    private OrderState state = OrderState.NEW;
    private Instant createdAt = Instant.parse("2026-01-10T10:00:00Z");
    private int entries = 1;

    private Orders() {
    }

    public static Orders anOrder() {
        return new Orders();
    }

    public Orders code(String value) {
        code = value;
        return this;
    }

    public Orders status(OrderStatus value) {
        status = value;
        return this;
    }

    public Orders state(OrderState value) {
        state = value;
        return this;
    }

    public Orders createdAt(Instant value) {
        createdAt = value;
        return this;
    }

    public Orders entries(int count) {
        entries = count;
        return this;
    }

    public Order build() {
        List<Order.Entry> lines = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            lines.add(new Order.Entry("e" + code + "-" + i, "SKU" + i, "Product " + i, 1, 1000L, 1000L, 0.5,
                    "Smartphones", "PP1"));
        }
        return new Order("id-" + code, new OrderCode(code), status, state, createdAt, createdAt.plusSeconds(30),
                null, 1000L * entries, 0L, 0L, "PREPAID", "DELIVERY_LOCAL", false, false, false, null, "PP1",
                new Order.Customer("c1", "Test", "Buyer", "7000000000"), null, null, lines);
    }
}
