package kz.kaspibridge.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kz.kaspibridge.schemas.catalog.CityPrice;
import kz.kaspibridge.schemas.catalog.OfferEvent;
import kz.kaspibridge.schemas.catalog.OfferRemoved;
import kz.kaspibridge.schemas.catalog.OfferUpserted;
import kz.kaspibridge.schemas.catalog.AvailableStock;
import kz.kaspibridge.schemas.catalog.PricelistPublished;
import kz.kaspibridge.schemas.catalog.StockChanged;
import kz.kaspibridge.schemas.commands.AcceptFailureReason;
import kz.kaspibridge.schemas.commands.AcceptOrder;
import kz.kaspibridge.schemas.commands.AssembleOrder;
import kz.kaspibridge.schemas.commands.CancelOrder;
import kz.kaspibridge.schemas.commands.CompleteOrder;
import kz.kaspibridge.schemas.commands.OrderAcceptFailed;
import kz.kaspibridge.schemas.commands.OrderAccepted;
import kz.kaspibridge.schemas.commands.OrderAssembled;
import kz.kaspibridge.schemas.commands.OrderCancelled;
import kz.kaspibridge.schemas.commands.OrderCommand;
import kz.kaspibridge.schemas.commands.OrderCommandRejected;
import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.commands.OrderCommandType;
import kz.kaspibridge.schemas.commands.OrderCompleted;
import kz.kaspibridge.schemas.commands.OrderCompletionCodeSent;
import kz.kaspibridge.schemas.commands.RejectionReason;
import kz.kaspibridge.schemas.common.CancellationReason;
import kz.kaspibridge.schemas.common.DeliveryStatus;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.common.OrderState;
import kz.kaspibridge.schemas.common.OrderStatus;
import kz.kaspibridge.schemas.delivery.BookDelivery;
import kz.kaspibridge.schemas.delivery.CancelDelivery;
import kz.kaspibridge.schemas.delivery.DeliveryBooked;
import kz.kaspibridge.schemas.delivery.DeliveryBookingFailed;
import kz.kaspibridge.schemas.delivery.DeliveryCancelRejected;
import kz.kaspibridge.schemas.delivery.DeliveryCancelled;
import kz.kaspibridge.schemas.delivery.DeliveryCommand;
import kz.kaspibridge.schemas.delivery.DeliveryEvent;
import kz.kaspibridge.schemas.delivery.DeliveryStatusChanged;
import kz.kaspibridge.schemas.delivery.DeliveryStatusReported;
import kz.kaspibridge.schemas.delivery.Parcel;
import kz.kaspibridge.schemas.delivery.Stop;
import kz.kaspibridge.schemas.orders.Address;
import kz.kaspibridge.schemas.orders.Customer;
import kz.kaspibridge.schemas.orders.OrderEntry;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.orders.OrderReceived;
import kz.kaspibridge.schemas.orders.OrderStatusChanged;
import kz.kaspibridge.schemas.topics.Topic;
import kz.kaspibridge.schemas.topics.Topics;
import org.apache.avro.specific.SpecificRecord;

/** One sample of every event and command type, each with the topic and key it travels with. */
final class SampleContracts {

    record Sample(Topic<?> topic, String key, SpecificRecord value, String type) {
    }

    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final String ORDER = "790318454";

    private SampleContracts() {
    }

    static EventMetadata metadata() {
        return EventMetadata.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(NOW)
                .setMerchantId("demo-merchant-1").setCorrelationId(UUID.randomUUID().toString()).build();
    }

    static OrderReceived orderReceived() {
        return OrderReceived.newBuilder()
                .setOrderId("MTAzNjQ5NTg1NQ").setStatus(OrderStatus.APPROVED_BY_BANK).setState(OrderState.KASPI_DELIVERY)
                .setCreationDate(NOW.minus(2, ChronoUnit.HOURS)).setApprovedByBankDate(NOW.minus(1, ChronoUnit.HOURS))
                .setTotalPrice(452_000).setDeliveryCost(500L).setPaymentMode("PAY_WITH_CREDIT")
                .setDeliveryMode("DELIVERY_LOCAL").setKaspiDelivery(true).setCreditTerm(3)
                .setCustomer(Customer.newBuilder().setId("c-1").setFirstName("Айгерим").setLastName("Касымова")
                        .setCellPhone("7750000000").build())
                .setDeliveryAddress(Address.newBuilder().setFormattedAddress("Алматы, улица Наурызбай батыра, 154А")
                        .setTown("Алматы").setLatitude(43.240013).setLongitude(76.938854).build())
                .setEntries(List.of(OrderEntry.newBuilder().setSku("XK100UB").setProductName("iPhone 13 Pro 256GB")
                        .setQuantity(1).setBasePrice(450_000).setTotalPrice(450_000).setWeightKg(0.5)
                        .setCategory("Smartphones").build()))
                .build();
    }

    static List<Sample> all() {
        List<Sample> samples = new ArrayList<>();
        for (Object payload : List.of(orderReceived(),
                OrderStatusChanged.newBuilder().setOrderId("MTAzNjQ5NTg1NQ").setPreviousStatus(OrderStatus.ACCEPTED_BY_MERCHANT)
                        .setStatus(OrderStatus.CANCELLED).setState(OrderState.ARCHIVE).setFinalStatus(true).build())) {
            samples.add(new Sample(Topics.ORDERS, ORDER, OrderEvent.newBuilder().setMetadata(metadata())
                    .setOrderCode(ORDER).setPayload(payload).build(), payload.getClass().getSimpleName()));
        }
        for (Object payload : List.of(new AcceptOrder(),
                CancelOrder.newBuilder().setReason(CancellationReason.MERCHANT_OUT_OF_STOCK).setComment("Нет на складе").build(),
                CompleteOrder.newBuilder().setSecurityCode("1234").build(),
                AssembleOrder.newBuilder().setNumberOfSpace(2).build())) {
            samples.add(new Sample(Topics.ORDER_COMMANDS, ORDER, OrderCommand.newBuilder().setMetadata(metadata())
                    .setCommandId("cmd-" + payload.getClass().getSimpleName()).setOrderCode(ORDER)
                    .setPayload(payload).build(), payload.getClass().getSimpleName()));
        }
        for (Object payload : List.of(
                OrderAccepted.newBuilder().setOrderId("MTAzNjQ5NTg1NQ").build(),
                OrderAcceptFailed.newBuilder().setReason(AcceptFailureReason.ALREADY_CANCELLED)
                        .setDetail("order is CANCELLED in Kaspi").setKaspiTitle("Order is cancelled").build(),
                OrderCancelled.newBuilder().setReason(CancellationReason.BUYER_NOT_REACHABLE).build(),
                new OrderCompletionCodeSent(), new OrderCompleted(),
                OrderAssembled.newBuilder().setNumberOfSpace(2).setWaybillUrl("https://kaspi.kz/waybill/1.pdf").build(),
                OrderCommandRejected.newBuilder().setCommandType(OrderCommandType.COMPLETE)
                        .setReason(RejectionReason.INVALID_SECURITY_CODE).setDetail("wrong code").build())) {
            samples.add(new Sample(Topics.ORDER_RESULTS, ORDER, OrderCommandResult.newBuilder().setMetadata(metadata())
                    .setCommandId("cmd-1").setOrderCode(ORDER).setPayload(payload).build(),
                    payload.getClass().getSimpleName()));
        }
        Stop pickup = Stop.newBuilder().setAddress("21 Zhibek Zholy, Almaty").setContactName("Склад")
                .setContactPhone("+77271110000").build();
        for (Object payload : List.of(
                BookDelivery.newBuilder().setPickup(pickup).setDropoff(Stop.newBuilder(pickup).setNotes("Подъезд B").build())
                        .setParcel(Parcel.newBuilder().setDescription("Electronics").setWeightGrams(1200).setValueKzt(85_000).build())
                        .build(),
                CancelDelivery.newBuilder().setReason("Customer changed address").build())) {
            samples.add(new Sample(Topics.DELIVERY_COMMANDS, ORDER, DeliveryCommand.newBuilder().setMetadata(metadata())
                    .setCommandId("cmd-2").setOrderCode(ORDER).setPayload(payload).build(),
                    payload.getClass().getSimpleName()));
        }
        for (Object payload : List.of(
                DeliveryBooked.newBuilder().setDeliveryId("dlv_01").setStatus(DeliveryStatus.CREATED)
                        .setTrackingUrl("https://track.kaspi.kz/dlv_01").setDeliveryBy(NOW.plus(8, ChronoUnit.HOURS)).build(),
                DeliveryBookingFailed.newBuilder().setReason("400 invalid address").setHttpStatus(400).build(),
                DeliveryCancelled.newBuilder().setDeliveryId("dlv_01").build(),
                DeliveryCancelRejected.newBuilder().setDeliveryId("dlv_01").setReason("already in transit").build(),
                DeliveryStatusChanged.newBuilder().setDeliveryId("dlv_01").setPreviousStatus(DeliveryStatus.ACCEPTED)
                        .setStatus(DeliveryStatus.IN_TRANSIT).setStatusAt(NOW).build())) {
            samples.add(new Sample(Topics.DELIVERY_EVENTS, ORDER, DeliveryEvent.newBuilder().setMetadata(metadata())
                    .setOrderCode(ORDER).setPayload(payload).build(), payload.getClass().getSimpleName()));
        }
        samples.add(new Sample(Topics.DELIVERY_STATUS_REPORTS, ORDER, DeliveryStatusReported.newBuilder()
                .setMetadata(metadata()).setOrderCode(ORDER).setWebhookEventId("wh_3e0a")
                .setWebhookType("delivery.out_for_delivery").setAttempt(2).setDeliveryId("dlv_01")
                .setStatus(DeliveryStatus.OUT_FOR_DELIVERY).setStatusAt(NOW).build(), "DeliveryStatusReported"));
        samples.add(new Sample(Topics.WEBHOOKS_ARCHIVE, "msg_1", kz.kaspibridge.schemas.webhooks.WebhookReceived.newBuilder()
                .setMetadata(metadata()).setWebhookId("msg_1").setPath("/webhooks/kaspi/delivery").setReceivedAt(NOW)
                .setHeaders(Map.of("webhook-id", "msg_1", "webhook-timestamp", "1764057600"))
                .setBody(ByteBuffer.wrap("{\"eventId\":\"wh_3e0a\"}".getBytes(StandardCharsets.UTF_8))).build(),
                "WebhookReceived"));
        for (Object payload : List.of(
                OfferUpserted.newBuilder().setModel("iPhone 13 Pro 256GB").setBrand("Apple")
                        .setCityPrices(List.of(new CityPrice("750000000", 450_000L), new CityPrice("710000000", 455_000L))).build(),
                new OfferRemoved())) {
            samples.add(new Sample(Topics.OFFERS, "demo-merchant-1|XK100UB", OfferEvent.newBuilder().setMetadata(metadata())
                    .setSku("XK100UB").setPayload(payload).build(), payload.getClass().getSimpleName()));
        }
        samples.add(new Sample(Topics.STOCK_CHANGES, "XK100UB", StockChanged.newBuilder().setMetadata(metadata())
                .setSku("XK100UB").setStoreId("PP1").setStockCount(25).setAvailable(true).build(), "StockChanged"));
        samples.add(new Sample(Topics.AVAILABLE_STOCK, "demo-merchant-1|PP1|XK100UB", AvailableStock.newBuilder()
                .setMetadata(metadata()).setSku("XK100UB").setStoreId("PP1").setStockCount(23).setStoreAvailable(true)
                .setPreOrder(0).setReportedCount(25).setReportedAt(Instant.parse("2026-11-25T09:00:00Z"))
                .setReservedUnits(2).build(), "AvailableStock"));
        samples.add(new Sample(Topics.PRICELIST_PUBLISHED, "demo-merchant-1", PricelistPublished.newBuilder()
                .setMetadata(metadata()).setOffers(1).setBytes(612).setSha256("ab".repeat(32)).build(), "PricelistPublished"));
        return samples;
    }
}
