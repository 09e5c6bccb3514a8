package kz.kaspibridge.ordercommand.streams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import kz.kaspibridge.schemas.catalog.StockChanged;
import kz.kaspibridge.schemas.commands.AcceptOrder;
import kz.kaspibridge.schemas.commands.CancelOrder;
import kz.kaspibridge.schemas.commands.OrderCommand;
import kz.kaspibridge.schemas.common.CancellationReason;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.common.OrderState;
import kz.kaspibridge.schemas.common.OrderStatus;
import kz.kaspibridge.schemas.delivery.BookDelivery;
import kz.kaspibridge.schemas.delivery.DeliveryCommand;
import kz.kaspibridge.schemas.delivery.Parcel;
import kz.kaspibridge.schemas.delivery.Stop;
import kz.kaspibridge.schemas.orders.OrderEntry;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.orders.OrderReceived;
import kz.kaspibridge.schemas.orders.OrderStatusChanged;

/** Avro records as the poller and a merchant's services write them. */
public final class AvroEvents {

    static final String MERCHANT = "m1";
    public static final String STORE = "PP1";

    private AvroEvents() {
    }

    static EventMetadata meta(String merchant, Instant at) {
        String id = UUID.randomUUID().toString();
        return EventMetadata.newBuilder().setEventId(id).setOccurredAt(at).setMerchantId(merchant)
                .setCorrelationId(id).setCausationId(null).build();
    }

    /**
     * Order entries picked from {@link #STORE}, 1,000 tenge a unit; {@code skusAndUnits} alternates sku and quantity:
     * "A", 1, "B", 2.
     */
    public static List<OrderEntry> entries(Object... skusAndUnits) {
        List<OrderEntry> entries = new ArrayList<>();
        for (int i = 0; i < skusAndUnits.length; i += 2) {
            int quantity = (Integer) skusAndUnits[i + 1];
            entries.add(OrderEntry.newBuilder().setSku((String) skusAndUnits[i]).setProductName("Product")
                    .setQuantity(quantity).setBasePrice(1000).setTotalPrice(1000L * quantity).setWeightKg(0.5)
                    .setDeliveryPointOfServiceId(STORE).build());
        }
        return entries;
    }

    /** An APPROVED_BY_BANK order; {@code skusAndUnits} alternates sku and quantity: "A", 1, "B", 2. */
    static OrderEvent received(String merchant, String code, Instant at, Object... skusAndUnits) {
        List<OrderEntry> entries = entries(skusAndUnits);
        OrderReceived payload = OrderReceived.newBuilder().setOrderId("id-" + code)
                .setStatus(OrderStatus.APPROVED_BY_BANK).setState(OrderState.NEW).setCreationDate(at)
                .setTotalPrice(entries.stream().mapToLong(OrderEntry::getTotalPrice).sum())
                .setDeliveryMode("DELIVERY_LOCAL").setEntries(entries).build();
        return OrderEvent.newBuilder().setMetadata(meta(merchant, at)).setOrderCode(code).setPayload(payload).build();
    }

    /** The same order, delivered by Kaspi Delivery. */
    static OrderEvent kaspiDelivery(OrderEvent event) {
        OrderReceived payload = OrderReceived.newBuilder((OrderReceived) event.getPayload()).setKaspiDelivery(true)
                .setDeliveryMode("DELIVERY_PICKUP").build();
        return OrderEvent.newBuilder(event).setPayload(payload).build();
    }

    /** A {@code BookDelivery} as the effect executor writes it. */
    static DeliveryCommand bookDelivery(String merchant, String code, Instant at) {
        Stop stop = Stop.newBuilder().setAddress("Abay 1").setContactName("n").setContactPhone("p").build();
        return DeliveryCommand.newBuilder().setMetadata(meta(merchant, at)).setCommandId(UUID.randomUUID().toString())
                .setOrderCode(code).setPayload(BookDelivery.newBuilder().setPickup(stop).setDropoff(stop)
                        .setParcel(Parcel.newBuilder().setDescription("1 x Product").setWeightGrams(500)
                                .setValueKzt(1000).build()).build()).build();
    }

    static OrderEvent statusChanged(String merchant, String code, OrderStatus status, Instant at) {
        OrderStatusChanged payload = OrderStatusChanged.newBuilder().setOrderId("id-" + code)
                .setPreviousStatus(OrderStatus.APPROVED_BY_BANK).setStatus(status).setState(OrderState.ARCHIVE)
                .setFinalStatus(status == OrderStatus.CANCELLED).build();
        return OrderEvent.newBuilder().setMetadata(meta(merchant, at)).setOrderCode(code).setPayload(payload).build();
    }

    static StockChanged stock(String merchant, String sku, int count, Instant at) {
        return StockChanged.newBuilder().setMetadata(meta(merchant, at)).setSku(sku).setStoreId(STORE)
                .setStockCount(count).setAvailable(count > 0).build();
    }

    static OrderCommand accept(String merchant, String commandId, String code, Instant at) {
        return OrderCommand.newBuilder().setMetadata(meta(merchant, at)).setCommandId(commandId).setOrderCode(code)
                .setPayload(AcceptOrder.newBuilder().build()).build();
    }

    static OrderCommand cancel(String merchant, String commandId, String code, CancellationReason reason,
                               String comment, Instant at) {
        return OrderCommand.newBuilder().setMetadata(meta(merchant, at)).setCommandId(commandId).setOrderCode(code)
                .setPayload(CancelOrder.newBuilder().setReason(reason).setComment(comment).build()).build();
    }
}
