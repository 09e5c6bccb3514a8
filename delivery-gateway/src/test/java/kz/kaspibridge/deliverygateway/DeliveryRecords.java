package kz.kaspibridge.deliverygateway;

import java.time.Instant;
import java.util.UUID;
import kz.kaspibridge.schemas.common.DeliveryStatus;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.delivery.BookDelivery;
import kz.kaspibridge.schemas.delivery.CancelDelivery;
import kz.kaspibridge.schemas.delivery.DeliveryCommand;
import kz.kaspibridge.schemas.delivery.DeliveryStatusReported;
import kz.kaspibridge.schemas.delivery.Parcel;
import kz.kaspibridge.schemas.delivery.Stop;

/** The records the gateway reads, as order-command-service and webhook-ingress write them; made-up contacts. */
final class DeliveryRecords {

    private DeliveryRecords() {
    }

    static DeliveryCommand book(String merchant, String orderCode, String commandId) {
        return book(merchant, orderCode, commandId, "Almaty, Satpayev 89, flat 12");
    }

    static DeliveryCommand book(String merchant, String orderCode, String commandId, String dropoffAddress) {
        return DeliveryCommand.newBuilder()
                .setMetadata(metadata(merchant, orderCode))
                .setCommandId(commandId)
                .setOrderCode(orderCode)
                .setPayload(BookDelivery.newBuilder()
                        .setPickup(Stop.newBuilder().setAddress("Almaty, Abay 10").setContactName("Warehouse")
                                .setContactPhone("+77010000000").build())
                        .setDropoff(Stop.newBuilder().setAddress(dropoffAddress).setContactName("Test Buyer")
                                .setContactPhone("+77011111111").setNotes("Entrance B").build())
                        .setParcel(Parcel.newBuilder().setDescription("1 x Phone").setWeightGrams(800)
                                .setValueKzt(85_000).build())
                        .build())
                .build();
    }

    static DeliveryCommand cancel(String merchant, String orderCode, String commandId, String deliveryId) {
        return DeliveryCommand.newBuilder()
                .setMetadata(metadata(merchant, orderCode))
                .setCommandId(commandId)
                .setOrderCode(orderCode)
                .setPayload(CancelDelivery.newBuilder().setDeliveryId(deliveryId).setReason("ORDER_CANCELLED").build())
                .build();
    }

    static DeliveryStatusReported report(String merchant, String orderCode, String deliveryId, DeliveryStatus status,
                                         Instant statusAt) {
        return DeliveryStatusReported.newBuilder()
                .setMetadata(metadata(merchant, orderCode))
                .setOrderCode(orderCode)
                .setWebhookEventId("wh_" + UUID.randomUUID())
                .setWebhookType("delivery." + status.name().toLowerCase(java.util.Locale.ROOT))
                .setAttempt(1)
                .setDeliveryId(deliveryId)
                .setStatus(status)
                .setStatusAt(statusAt)
                .build();
    }

    private static EventMetadata metadata(String merchant, String orderCode) {
        return EventMetadata.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setMerchantId(merchant).setCorrelationId("corr-" + orderCode).build();
    }
}
