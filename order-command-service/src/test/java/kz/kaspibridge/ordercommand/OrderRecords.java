package kz.kaspibridge.ordercommand;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import kz.kaspibridge.ordercommand.streams.AvroEvents;
import kz.kaspibridge.sandbox.orders.OrderSnapshot;
import kz.kaspibridge.schemas.catalog.StockChanged;
import kz.kaspibridge.schemas.commands.AcceptOrder;
import kz.kaspibridge.schemas.commands.AssembleOrder;
import kz.kaspibridge.schemas.commands.CancelOrder;
import kz.kaspibridge.schemas.commands.OrderCommand;
import kz.kaspibridge.schemas.common.CancellationReason;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.common.OrderState;
import kz.kaspibridge.schemas.common.OrderStatus;
import kz.kaspibridge.schemas.orders.Address;
import kz.kaspibridge.schemas.orders.Customer;
import kz.kaspibridge.schemas.orders.OrderEntry;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.orders.OrderReceived;
import kz.kaspibridge.schemas.orders.OrderStatusChanged;

/**
 * Avro records about orders seeded in the sandbox, as the poller ({@code kaspi.orders}) and a merchant's services
 * ({@code kaspi.order-commands}, {@code kaspi.stock-changes}) write them.
 */
final class OrderRecords {

    static final String STORE = AvroEvents.STORE;

    private OrderRecords() {
    }

    /** {@code OrderReceived} with everything the sandbox made up: entries, buyer, address, delivery mode. */
    static OrderEvent received(OrderSnapshot order) {
        List<OrderEntry> entries = order.entries().stream().map(e -> OrderEntry.newBuilder().setEntryId(e.id())
                .setSku(e.offerCode()).setProductName(e.offerName()).setQuantity(e.quantity())
                .setBasePrice(e.basePrice()).setTotalPrice(e.totalPrice()).setWeightKg(e.weightKg())
                .setCategory(e.categoryCode()).build()).toList();
        return received(order, entries);
    }

    /**
     * {@code OrderReceived} of the sandbox's order with the given entries instead of its own, all picked from
     * {@link #STORE}: for the stock policy, whose figures the test sets per sku. {@code skusAndUnits} alternates
     * sku and quantity: "A", 1, "B", 2.
     */
    static OrderEvent receivedFromStore(OrderSnapshot order, Object... skusAndUnits) {
        return received(order, AvroEvents.entries(skusAndUnits));
    }

    private static OrderEvent received(OrderSnapshot order, List<OrderEntry> entries) {
        Customer customer = Customer.newBuilder().setId(order.customer().id())
                .setFirstName(order.customer().firstName()).setLastName(order.customer().lastName())
                .setCellPhone(order.customer().cellPhone()).build();
        kz.kaspibridge.sandbox.orders.Address where = order.deliveryAddress();
        Address address = Address.newBuilder().setFormattedAddress(where.formattedAddress())
                .setStreetName(where.streetName()).setStreetNumber(where.streetNumber()).setTown(where.town())
                .setDistrict(where.district()).setApartment(where.apartment()).setLatitude(where.latitude())
                .setLongitude(where.longitude()).build();
        OrderReceived payload = OrderReceived.newBuilder().setOrderId(order.id())
                .setStatus(OrderStatus.APPROVED_BY_BANK).setState(OrderState.NEW).setCreationDate(order.creationDate())
                .setTotalPrice(entries.stream().mapToLong(OrderEntry::getTotalPrice).sum())
                .setDeliveryMode(order.deliveryMode().name()).setKaspiDelivery(order.kaspiDelivery())
                .setCustomer(customer).setDeliveryAddress(address).setEntries(entries).build();
        return OrderEvent.newBuilder().setMetadata(metadata(order.merchantId(),
                        "received/" + order.merchantId() + "/" + order.code(), Instant.now()))
                .setOrderCode(order.code()).setPayload(payload).build();
    }

    /** What the poller writes once it sees the buyer's cancellation in Kaspi. */
    static OrderEvent cancelledByBuyer(OrderSnapshot order) {
        return statusChanged(order, OrderStatus.CANCELLED);
    }

    /** What the poller writes when it sees a new status of the (new) order in Kaspi. */
    static OrderEvent statusChanged(OrderSnapshot order, OrderStatus status) {
        boolean last = status == OrderStatus.CANCELLED || status == OrderStatus.COMPLETED;
        OrderStatusChanged payload = OrderStatusChanged.newBuilder().setOrderId(order.id())
                .setPreviousStatus(OrderStatus.APPROVED_BY_BANK).setStatus(status).setPreviousState(OrderState.NEW)
                .setState(last ? OrderState.ARCHIVE : OrderState.NEW).setFinalStatus(last).build();
        return OrderEvent.newBuilder().setMetadata(metadata(order.merchantId(), UUID.randomUUID().toString(),
                Instant.now())).setOrderCode(order.code()).setPayload(payload).build();
    }

    static StockChanged stock(String merchant, String sku, int count, Instant at) {
        return StockChanged.newBuilder().setMetadata(metadata(merchant, UUID.randomUUID().toString(), at))
                .setSku(sku).setStoreId(STORE).setStockCount(count).setAvailable(count > 0).build();
    }

    static OrderCommand accept(OrderSnapshot order, String commandId) {
        return command(order, commandId, AcceptOrder.newBuilder().build());
    }

    static OrderCommand cancel(OrderSnapshot order, String commandId, CancellationReason reason, String comment) {
        return command(order, commandId, CancelOrder.newBuilder().setReason(reason).setComment(comment).build());
    }

    static OrderCommand assemble(OrderSnapshot order, String commandId, int places) {
        return command(order, commandId, AssembleOrder.newBuilder().setNumberOfSpace(places).build());
    }

    private static OrderCommand command(OrderSnapshot order, String commandId, Object payload) {
        return OrderCommand.newBuilder().setMetadata(metadata(order.merchantId(), UUID.randomUUID().toString(),
                Instant.now())).setCommandId(commandId).setOrderCode(order.code()).setPayload(payload).build();
    }

    private static EventMetadata metadata(String merchant, String eventId, Instant at) {
        return EventMetadata.newBuilder().setEventId(eventId).setOccurredAt(at).setMerchantId(merchant)
                .setCorrelationId(eventId).build();
    }
}
