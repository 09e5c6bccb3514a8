package kz.kaspibridge.pricelist;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import kz.kaspibridge.sandbox.orders.OrderSnapshot;
import kz.kaspibridge.schemas.catalog.StockChanged;
import kz.kaspibridge.schemas.commands.CancelOrder;
import kz.kaspibridge.schemas.commands.OrderCommand;
import kz.kaspibridge.schemas.common.CancellationReason;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.common.OrderState;
import kz.kaspibridge.schemas.common.OrderStatus;
import kz.kaspibridge.schemas.orders.OrderEntry;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.orders.OrderReceived;
import kz.kaspibridge.schemas.orders.OrderStatusChanged;

/**
 * What reaches order-command-service about an order seeded in the sandbox: the poller's {@code OrderReceived} and
 * {@code OrderStatusChanged} ({@code kaspi.orders}), and the merchant's stock report ({@code kaspi.stock-changes})
 * and {@code CancelOrder} ({@code kaspi.order-commands}). A compact copy of what order-command-service's own test
 * records do; those live in its test sources, which this module cannot import.
 */
final class OrderRecords {

    private OrderRecords() {
    }

    /**
     * {@code OrderReceived} of the sandbox's order, but with one entry of our own: {@code units} of {@code sku}
     * picked from {@code store}. The sandbox makes up its orders' entries from its demo skus and cannot be told
     * another, and the stock policy decides on the entries it is sent.
     */
    static OrderEvent received(OrderSnapshot order, String sku, int units, String store) {
        OrderEntry entry = OrderEntry.newBuilder().setEntryId(order.id() + "-0").setSku(sku)
                .setProductName("Product " + sku).setQuantity(units).setBasePrice(1000).setTotalPrice(1000L * units)
                .setWeightKg(0.5).setDeliveryPointOfServiceId(store).build();
        OrderReceived payload = OrderReceived.newBuilder().setOrderId(order.id())
                .setStatus(OrderStatus.APPROVED_BY_BANK).setState(OrderState.valueOf(order.state().name()))
                .setCreationDate(order.creationDate())
                .setTotalPrice(entry.getTotalPrice()).setDeliveryMode(order.deliveryMode().name())
                .setKaspiDelivery(order.kaspiDelivery()).setEntries(List.of(entry)).build();
        return OrderEvent.newBuilder().setMetadata(metadata(order.merchantId(), Instant.now()))
                .setOrderCode(order.code()).setPayload(payload).build();
    }

    /** What the poller writes once Kaspi shows the buyer's cancellation of an order the merchant accepted. */
    static OrderEvent cancelledByBuyer(OrderSnapshot order) {
        OrderStatusChanged payload = OrderStatusChanged.newBuilder().setOrderId(order.id())
                .setPreviousStatus(OrderStatus.ACCEPTED_BY_MERCHANT).setStatus(OrderStatus.CANCELLED)
                .setPreviousState(OrderState.valueOf(order.state().name())).setState(OrderState.ARCHIVE)
                .setFinalStatus(true).build();
        return OrderEvent.newBuilder().setMetadata(metadata(order.merchantId(), Instant.now()))
                .setOrderCode(order.code()).setPayload(payload).build();
    }

    /** The merchant's {@code CancelOrder}, as its systems write it. */
    static OrderCommand cancel(OrderSnapshot order, String commandId, CancellationReason reason) {
        return OrderCommand.newBuilder().setMetadata(metadata(order.merchantId(), Instant.now()))
                .setCommandId(commandId).setOrderCode(order.code())
                .setPayload(CancelOrder.newBuilder().setReason(reason).setComment("test: put back on sale").build())
                .build();
    }

    /** The merchant's stock report of one sku in one store, made {@code at}. */
    static StockChanged stock(String merchant, String sku, String store, int count, Instant at) {
        return StockChanged.newBuilder().setMetadata(metadata(merchant, at)).setSku(sku).setStoreId(store)
                .setStockCount(count).setAvailable(true).build();
    }

    private static EventMetadata metadata(String merchant, Instant at) {
        String id = UUID.randomUUID().toString();
        return EventMetadata.newBuilder().setEventId(id).setOccurredAt(at).setMerchantId(merchant)
                .setCorrelationId(id).build();
    }
}
