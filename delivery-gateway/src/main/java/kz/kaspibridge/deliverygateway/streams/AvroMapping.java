package kz.kaspibridge.deliverygateway.streams;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import kz.kaspibridge.deliverygateway.deliveries.DeliveryStatus;
import kz.kaspibridge.deliverygateway.deliveries.Out;
import kz.kaspibridge.deliverygateway.kaspi.Intent;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.delivery.BookDelivery;
import kz.kaspibridge.schemas.delivery.DeliveryBooked;
import kz.kaspibridge.schemas.delivery.DeliveryBookingFailed;
import kz.kaspibridge.schemas.delivery.DeliveryCancelRejected;
import kz.kaspibridge.schemas.delivery.DeliveryCancelled;
import kz.kaspibridge.schemas.delivery.DeliveryEvent;
import kz.kaspibridge.schemas.delivery.DeliveryStatusChanged;
import kz.kaspibridge.schemas.delivery.Stop;

/** Between the Avro contracts and the plain domain: events out, booking requests in. */
final class AvroMapping {

    private AvroMapping() {
    }

    /** The domain status of a contract status; null for {@code UNKNOWN} (a status added after this build). */
    static DeliveryStatus status(kz.kaspibridge.schemas.common.DeliveryStatus status) {
        return status == null || status == kz.kaspibridge.schemas.common.DeliveryStatus.UNKNOWN ? null
                : DeliveryStatus.valueOf(status.name());
    }

    static kz.kaspibridge.schemas.common.DeliveryStatus contract(DeliveryStatus status) {
        return status == null ? null : kz.kaspibridge.schemas.common.DeliveryStatus.valueOf(status.name());
    }

    /**
     * The event for an output that is one, else null. Event ids are name-based on what the event says, so a
     * record processed again (after a failed transaction) names the same event.
     */
    static DeliveryEvent event(String orderCode, Out out, Origin origin) {
        if (out instanceof Out.Booked b) {
            return envelope(orderCode, b.commandId(), "booked|" + b.deliveryId(), b.at(), origin,
                    DeliveryBooked.newBuilder().setDeliveryId(b.deliveryId()).setStatus(contract(b.status()))
                            .setTrackingUrl(b.trackingUrl()).setPickupBy(b.pickupBy()).setDeliveryBy(b.deliveryBy())
                            .build());
        }
        if (out instanceof Out.BookingFailed f) {
            return envelope(orderCode, f.commandId(), "booking-failed|" + f.commandId(), f.at(), origin,
                    DeliveryBookingFailed.newBuilder().setReason(f.reason()).setHttpStatus(f.httpStatus()).build());
        }
        if (out instanceof Out.Cancelled c) {
            // Per command: a second cancel of a cancelled delivery is answered too, under its own id.
            return envelope(orderCode, c.commandId(), "cancelled|" + c.deliveryId() + "|" + c.commandId(), c.at(),
                    origin,
                    DeliveryCancelled.newBuilder().setDeliveryId(c.deliveryId()).setReason(c.reason()).build());
        }
        if (out instanceof Out.CancelRejected r) {
            return envelope(orderCode, r.commandId(), "cancel-rejected|" + r.commandId(), r.at(), origin,
                    DeliveryCancelRejected.newBuilder().setDeliveryId(r.deliveryId()).setReason(r.reason()).build());
        }
        if (out instanceof Out.StatusChanged s) {
            return envelope(orderCode, null, "status|" + s.deliveryId() + "|" + s.status(), s.statusAt(), origin,
                    DeliveryStatusChanged.newBuilder().setDeliveryId(s.deliveryId())
                            .setPreviousStatus(contract(s.previous())).setStatus(contract(s.status()))
                            .setStatusAt(s.statusAt()).build());
        }
        return null;
    }

    /** Who the event belongs to and what caused it. */
    record Origin(String merchantId, String correlationId, String causationId) {
    }

    private static DeliveryEvent envelope(String orderCode, String commandId, String what, Instant at, Origin origin,
                                          Object payload) {
        String eventId = UUID.nameUUIDFromBytes(("delivery-event|" + orderCode + "|" + what)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return DeliveryEvent.newBuilder()
                .setMetadata(EventMetadata.newBuilder().setEventId(eventId).setOccurredAt(at)
                        .setMerchantId(origin.merchantId()).setCorrelationId(origin.correlationId())
                        .setCausationId(origin.causationId()).build())
                .setOrderCode(orderCode)
                .setCommandId(commandId)
                .setPayload(payload)
                .build();
    }

    static Intent.Booking booking(BookDelivery book) {
        return new Intent.Booking(stop(book.getPickup()), stop(book.getDropoff()),
                new Intent.Parcel(book.getParcel().getDescription(), book.getParcel().getWeightGrams(),
                        book.getParcel().getValueKzt()));
    }

    private static Intent.Stop stop(Stop stop) {
        return new Intent.Stop(stop.getAddress(), stop.getContactName(), stop.getContactPhone(), stop.getNotes());
    }
}
