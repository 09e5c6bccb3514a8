package kz.kaspibridge.ordercommand.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import kz.kaspibridge.ordercommand.commands.KnownOrder;
import kz.kaspibridge.ordercommand.orders.MerchantId;
import kz.kaspibridge.ordercommand.orders.Order;
import kz.kaspibridge.ordercommand.orders.OrderCode;
import kz.kaspibridge.ordercommand.orders.OrderEntry;
import kz.kaspibridge.ordercommand.orders.OrderId;
import kz.kaspibridge.ordercommand.orders.OrderStatus;
import kz.kaspibridge.ordercommand.orders.Sku;
import kz.kaspibridge.ordercommand.orders.StoreId;

/**
 * An order as the {@code orders} store keeps it (JSON): the order itself, its last known status, and where the
 * acceptance policy stands. The changelog holds the buyer's contact and address (needed for {@code BookDelivery}):
 * it has the same access rules as {@code kaspi.orders}.
 *
 * @param decision     the policy's decision so far: NONE, PENDING_STOCK, ACCEPT, CANCEL, HOLD, IGNORE
 * @param deadline     epoch millis after which a held order is overdue; 0 when not held
 * @param overdueSeen  the overdue order was already reported (and cancelled if configured)
 * @param reserved     stock is held for the order (so a cancellation releases it)
 * @param deliveryBooked a {@code BookDelivery} was written for it (so a cancellation cancels the delivery)
 */
record StoredOrder(String code, String id, String merchant, String status, long receivedAt, long totalPrice,
                   String deliveryMode, boolean kaspiDelivery, String customerName, String customerPhone,
                   String address, List<Entry> entries, String decision, long deadline, boolean overdueSeen,
                   boolean reserved, String correlationId, String eventId, boolean deliveryBooked) {

    record Entry(String sku, String productName, int quantity, long totalPrice, Double weightKg, String store) {
    }

    static StoredOrder of(Order order, String correlationId, String eventId) {
        List<Entry> entries = order.entries().stream().map(e -> new Entry(e.sku().value(), e.productName(),
                e.quantity(), e.totalPrice(), e.weightKg(), e.store().map(StoreId::value).orElse(null))).toList();
        Order.Contact customer = order.customer();
        return new StoredOrder(order.code().value(), order.id().value(), order.merchant().value(),
                order.status().name(), order.receivedAt().toEpochMilli(), order.totalPrice(), order.deliveryMode(),
                order.kaspiDelivery(), customer == null ? null : customer.name(),
                customer == null ? null : customer.phone(), order.formattedAddress(), entries, "NONE", 0, false,
                false, correlationId, eventId, false);
    }

    Order toOrder() {
        List<OrderEntry> lines = entries.stream().map(e -> new OrderEntry(new Sku(e.sku()), e.productName(),
                e.quantity(), e.totalPrice(), e.weightKg(), Optional.ofNullable(e.store()).map(StoreId::new)))
                .toList();
        return new Order(new OrderCode(code), new OrderId(id), new MerchantId(merchant), OrderStatus.valueOf(status),
                Instant.ofEpochMilli(receivedAt), totalPrice, deliveryMode, kaspiDelivery,
                new Order.Contact(customerName, customerPhone), address, lines);
    }

    KnownOrder known() {
        return new KnownOrder(new OrderCode(code), new MerchantId(merchant), OrderStatus.valueOf(status),
                kaspiDelivery);
    }

    StoredOrder withStatus(OrderStatus newStatus) {
        return new StoredOrder(code, id, merchant, newStatus.name(), receivedAt, totalPrice, deliveryMode,
                kaspiDelivery, customerName, customerPhone, address, entries, decision, deadline, overdueSeen,
                reserved, correlationId, eventId, deliveryBooked);
    }

    StoredOrder withDecision(String newDecision, long newDeadline, boolean newReserved) {
        return new StoredOrder(code, id, merchant, status, receivedAt, totalPrice, deliveryMode, kaspiDelivery,
                customerName, customerPhone, address, entries, newDecision, newDeadline, overdueSeen, newReserved,
                correlationId, eventId, deliveryBooked);
    }

    StoredOrder overdueReported() {
        return new StoredOrder(code, id, merchant, status, receivedAt, totalPrice, deliveryMode, kaspiDelivery,
                customerName, customerPhone, address, entries, decision, deadline, true, reserved, correlationId,
                eventId, deliveryBooked);
    }

    StoredOrder withDeliveryBooked() {
        return new StoredOrder(code, id, merchant, status, receivedAt, totalPrice, deliveryMode, kaspiDelivery,
                customerName, customerPhone, address, entries, decision, deadline, overdueSeen, reserved,
                correlationId, eventId, true);
    }

    /** The service can forget the order: final and past retention, or, whatever its state, long past it. */
    boolean expired(Instant now, Duration retention) {
        Instant received = Instant.ofEpochMilli(receivedAt);
        boolean pastRetention = received.plus(retention).isBefore(now);
        return pastRetention && (OrderStatus.valueOf(status).isFinal()
                || received.plus(retention.multipliedBy(3)).isBefore(now));
    }

    @Override
    public String toString() {
        return "StoredOrder[code=" + code + ", merchant=" + merchant + ", status=" + status + ", decision=" + decision
                + ", personal data masked]";
    }
}
