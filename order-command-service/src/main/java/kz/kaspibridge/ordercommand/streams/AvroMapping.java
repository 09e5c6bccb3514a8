package kz.kaspibridge.ordercommand.streams;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import kz.kaspibridge.ordercommand.commands.CancellationReason;
import kz.kaspibridge.ordercommand.commands.OrderCommand.AcceptOrder;
import kz.kaspibridge.ordercommand.commands.OrderCommand.AssembleOrder;
import kz.kaspibridge.ordercommand.commands.OrderCommand.CancelOrder;
import kz.kaspibridge.ordercommand.commands.OrderCommand.CompleteOrder;
import kz.kaspibridge.ordercommand.commands.Rejection;
import kz.kaspibridge.ordercommand.orders.CommandId;
import kz.kaspibridge.ordercommand.orders.MerchantId;
import kz.kaspibridge.ordercommand.orders.Order;
import kz.kaspibridge.ordercommand.orders.OrderCode;
import kz.kaspibridge.ordercommand.orders.OrderEntry;
import kz.kaspibridge.ordercommand.orders.OrderId;
import kz.kaspibridge.ordercommand.orders.OrderStatus;
import kz.kaspibridge.ordercommand.orders.Sku;
import kz.kaspibridge.ordercommand.orders.StoreId;
import kz.kaspibridge.ordercommand.stock.SkuStock;
import kz.kaspibridge.ordercommand.stock.StockKey;
import kz.kaspibridge.schemas.catalog.AvailableStock;
import kz.kaspibridge.schemas.commands.OrderCommand;
import kz.kaspibridge.schemas.commands.OrderCommandRejected;
import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.commands.OrderCommandType;
import kz.kaspibridge.schemas.commands.RejectionReason;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.delivery.BookDelivery;
import kz.kaspibridge.schemas.delivery.CancelDelivery;
import kz.kaspibridge.schemas.delivery.DeliveryCommand;
import kz.kaspibridge.schemas.orders.Customer;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.orders.OrderReceived;
import kz.kaspibridge.schemas.orders.OrderStatusChanged;

/** The one place Avro envelopes become {@link OrderFlow} values, and rejections become Avro results. */
public final class AvroMapping {

    private AvroMapping() {
    }

    static OrderFlow fromOrderEvent(OrderEvent event) {
        EventMetadata meta = event.getMetadata();
        Object payload = event.getPayload();
        if (payload instanceof OrderReceived) {
            try {
                return new OrderFlow.Received(order(event.getOrderCode(), meta, (OrderReceived) payload),
                        meta.getEventId(), meta.getCorrelationId());
            } catch (IllegalArgumentException | NullPointerException e) {
                return new OrderFlow.Unreadable(null, meta.getMerchantId(), "OrderReceived: " + e.getMessage(),
                        meta.getEventId());
            }
        }
        OrderStatusChanged changed = (OrderStatusChanged) payload;
        return new OrderFlow.StatusChanged(status(changed.getStatus()), meta.getMerchantId(), meta.getEventId());
    }

    static OrderFlow fromCommand(OrderCommand command) {
        EventMetadata meta = command.getMetadata();
        try {
            CommandId id = new CommandId(command.getCommandId());
            OrderCode code = new OrderCode(command.getOrderCode());
            MerchantId merchant = new MerchantId(meta.getMerchantId());
            return new OrderFlow.Command(command(id, code, merchant, command.getPayload()), meta.getEventId(),
                    meta.getCorrelationId());
        } catch (IllegalArgumentException | NullPointerException e) {
            return new OrderFlow.Unreadable(command.getCommandId(), meta.getMerchantId(), e.getMessage(),
                    meta.getEventId());
        }
    }

    private static kz.kaspibridge.ordercommand.commands.OrderCommand command(CommandId id, OrderCode code,
                                                                            MerchantId merchant, Object payload) {
        if (payload instanceof kz.kaspibridge.schemas.commands.AcceptOrder) {
            return new AcceptOrder(id, code, merchant);
        }
        if (payload instanceof kz.kaspibridge.schemas.commands.CancelOrder) {
            kz.kaspibridge.schemas.commands.CancelOrder cancel = (kz.kaspibridge.schemas.commands.CancelOrder) payload;
            return new CancelOrder(id, code, merchant, CancellationReason.valueOf(cancel.getReason().name()),
                    Optional.ofNullable(cancel.getComment()));
        }
        if (payload instanceof kz.kaspibridge.schemas.commands.CompleteOrder) {
            return new CompleteOrder(id, code, merchant, Optional.ofNullable(
                    ((kz.kaspibridge.schemas.commands.CompleteOrder) payload).getSecurityCode()));
        }
        if (payload instanceof kz.kaspibridge.schemas.commands.AssembleOrder) {
            return new AssembleOrder(id, code, merchant,
                    ((kz.kaspibridge.schemas.commands.AssembleOrder) payload).getNumberOfSpace());
        }
        throw new IllegalArgumentException("unknown command payload " + payload.getClass().getSimpleName());
    }

    private static Order order(String code, EventMetadata meta, OrderReceived received) {
        List<OrderEntry> entries = received.getEntries().stream().map(e -> new OrderEntry(new Sku(e.getSku()),
                e.getProductName(), e.getQuantity(), e.getTotalPrice(), e.getWeightKg(),
                Optional.ofNullable(e.getDeliveryPointOfServiceId()).map(StoreId::new))).toList();
        Customer customer = received.getCustomer();
        Order.Contact contact = customer == null ? null : new Order.Contact(
                join(customer.getFirstName(), customer.getLastName()), customer.getCellPhone());
        String address = received.getDeliveryAddress() == null ? null
                : received.getDeliveryAddress().getFormattedAddress();
        return new Order(new OrderCode(code), new OrderId(received.getOrderId()), new MerchantId(meta.getMerchantId()),
                status(received.getStatus()), meta.getOccurredAt(), received.getTotalPrice(),
                received.getDeliveryMode(), received.getKaspiDelivery(), contact, address, entries);
    }

    private static String join(String first, String last) {
        if (first == null) {
            return last;
        }
        return last == null ? first : first + " " + last;
    }

    /** The status one of our Kaspi outcomes put the order in; nothing for results that change no status. */
    static List<OrderFlow> statusFromResult(OrderCommandResult result) {
        Object payload = result.getPayload();
        OrderStatus status;
        if (payload instanceof kz.kaspibridge.schemas.commands.OrderAccepted) {
            status = OrderStatus.ACCEPTED_BY_MERCHANT;
        } else if (payload instanceof kz.kaspibridge.schemas.commands.OrderCancelled) {
            status = OrderStatus.CANCELLED;
        } else if (payload instanceof kz.kaspibridge.schemas.commands.OrderCompleted) {
            status = OrderStatus.COMPLETED;
        } else {
            return List.of();
        }
        return List.of(new OrderFlow.StatusChanged(status, result.getMetadata().getMerchantId(),
                result.getMetadata().getEventId()));
    }

    /** Our own {@code BookDelivery} read back; a {@code CancelDelivery} (also ours) changes nothing. */
    static List<OrderFlow> deliveryRequested(DeliveryCommand command) {
        if (!(command.getPayload() instanceof BookDelivery)) {
            return List.of();
        }
        return List.of(new OrderFlow.DeliveryRequested(command.getMetadata().getMerchantId(),
                command.getMetadata().getEventId()));
    }

    /**
     * {@code CancelDelivery} for a cancelled order whose delivery was booked; the gateway finds the delivery by
     * order code. The event id derives from the command id, so a rewrite after a crash is the same event.
     */
    static DeliveryCommand cancelDelivery(String commandId, String orderCode, String merchant, String reason,
                                          String correlationId, String causationId, Instant now) {
        return DeliveryCommand.newBuilder()
                .setMetadata(metadata(commandId, "cancel-delivery", merchant, correlationId, causationId, now))
                .setCommandId(commandId).setOrderCode(orderCode)
                .setPayload(CancelDelivery.newBuilder().setDeliveryId(null).setReason(reason).build()).build();
    }

    static OrderStatus status(kz.kaspibridge.schemas.common.OrderStatus status) {
        return OrderStatus.valueOf(status.name());
    }

    /** {@code OrderCommandRejected} for a refused command, caused by the command's event. */
    static OrderCommandResult rejection(String commandId, String orderCode, String merchant,
                                        kz.kaspibridge.ordercommand.commands.OrderCommand.CommandType type,
                                        Rejection rejection, String correlationId, String causationId,
                                        Instant now) {
        OrderCommandType commandType = type == null ? OrderCommandType.UNKNOWN : OrderCommandType.valueOf(type.name());
        OrderCommandRejected payload = OrderCommandRejected.newBuilder().setCommandType(commandType)
                .setReason(RejectionReason.valueOf(rejection.reason().name())).setDetail(rejection.detail())
                .setKaspiTitle(null).build();
        return OrderCommandResult.newBuilder()
                .setMetadata(metadata(commandId, "rejected", merchant, correlationId, causationId, now))
                .setCommandId(commandId).setOrderCode(orderCode).setPayload(payload).build();
    }

    /**
     * The published figure of one sku in one store. Its event id is a name-based UUID of the key and what it says,
     * so a figure rewritten after a crash carries the same id.
     *
     * @param reported whether any report was ever seen (otherwise the figure starts from zero, store unavailable)
     * @param changedAt when the change that produced it happened
     */
    static AvailableStock availableStock(StockKey key, SkuStock stock, boolean reported, Boolean storeAvailable,
                                         Integer preOrder, Instant changedAt) {
        int available = Math.max(0, stock.available());
        int reserved = stock.reportedCount() - stock.available();
        boolean open = reported && (storeAvailable == null || storeAvailable);
        String eventId = UUID.nameUUIDFromBytes(("available-stock|" + key.asString() + "|" + available + "|" + reserved
                + "|" + open + "|" + stock.reportedAt() + "|" + changedAt.toEpochMilli())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        EventMetadata metadata = EventMetadata.newBuilder().setEventId(eventId).setOccurredAt(changedAt)
                .setMerchantId(key.merchant().value()).setCorrelationId(eventId).setCausationId(null).build();
        return AvailableStock.newBuilder().setMetadata(metadata).setSku(key.sku().value())
                .setStoreId(key.store().value()).setStockCount(available).setStoreAvailable(open)
                .setPreOrder(preOrder == null ? 0 : preOrder).setReportedCount(stock.reportedCount())
                .setReportedAt(reported ? stock.reportedAt() : null).setReservedUnits(reserved).build();
    }

    /**
     * Metadata of a result. Its event id is a name-based UUID of the command and the outcome, so a result
     * rewritten after a crash carries the same id and consumers can drop the copy.
     */
    public static EventMetadata metadata(String commandId, String outcome, String merchant, String correlationId,
                                  String causationId, Instant now) {
        String eventId = UUID.nameUUIDFromBytes(("result|" + commandId + "|" + outcome)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        return EventMetadata.newBuilder().setEventId(eventId).setOccurredAt(now).setMerchantId(merchant)
                .setCorrelationId(correlationId == null ? eventId : correlationId).setCausationId(causationId)
                .build();
    }
}
