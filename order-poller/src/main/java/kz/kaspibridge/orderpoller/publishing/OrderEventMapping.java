package kz.kaspibridge.orderpoller.publishing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import kz.kaspibridge.orderpoller.polling.MerchantId;
import kz.kaspibridge.orderpoller.polling.Order;
import kz.kaspibridge.orderpoller.polling.OrderCode;
import kz.kaspibridge.orderpoller.polling.OrderSnapshot;
import kz.kaspibridge.orderpoller.polling.StatusChange;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.orders.Address;
import kz.kaspibridge.schemas.orders.Customer;
import kz.kaspibridge.schemas.orders.OrderEntry;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.orders.OrderReceived;
import kz.kaspibridge.schemas.orders.OrderStatusChanged;

/**
 * Domain to Avro, in one place. Event ids are derived from what they describe (name-based UUIDs),
 * so a batch retried after an unacknowledged write carries the same ids, and every later event of an
 * order can name the OrderReceived that opened its flow without storing it.
 */
final class OrderEventMapping {

    private OrderEventMapping() {
    }

    static OrderEvent received(MerchantId merchant, Order order, Instant observedAt) {
        String eventId = receivedEventId(merchant, order.code());
        OrderReceived received = OrderReceived.newBuilder()
                .setOrderId(order.id())
                .setStatus(AvroEnums.status(order.status()))
                .setState(AvroEnums.state(order.state()))
                .setCreationDate(order.creationDate())
                .setApprovedByBankDate(order.approvedByBankDate())
                .setPlannedDeliveryDate(order.plannedDeliveryDate())
                .setTotalPrice(order.totalPrice())
                .setDeliveryCost(order.deliveryCost())
                .setDeliveryCostForSeller(order.deliveryCostForSeller())
                .setPaymentMode(order.paymentMode())
                .setDeliveryMode(order.deliveryMode())
                .setKaspiDelivery(order.kaspiDelivery())
                .setPreOrder(order.preOrder())
                .setSignatureRequired(order.signatureRequired())
                .setCreditTerm(order.creditTerm())
                .setPickupPointId(order.pickupPointId())
                .setCustomer(customer(order.customer()))
                .setDeliveryAddress(address(order.deliveryAddress()))
                .setWaybillUrl(order.waybillUrl())
                .setEntries(order.entries().stream().map(OrderEventMapping::entry).toList())
                .build();
        return envelope(metadata(eventId, merchant, order.code(), observedAt, null), order.code(), received);
    }

    static OrderEvent statusChanged(MerchantId merchant, StatusChange change, Instant observedAt) {
        OrderSnapshot previous = change.previous();
        OrderSnapshot current = change.current();
        String eventId = uuid("status-changed/" + merchant + "/" + current.code() + "/" + previous.status() + "/"
                + previous.state() + "/" + current.status() + "/" + current.state());
        OrderStatusChanged changed = OrderStatusChanged.newBuilder()
                .setOrderId(current.id())
                .setPreviousStatus(AvroEnums.status(previous.status()))
                .setStatus(AvroEnums.status(current.status()))
                .setPreviousState(AvroEnums.state(previous.state()))
                .setState(AvroEnums.state(current.state()))
                .setFinalStatus(change instanceof StatusChange.Closed)
                .build();
        String opener = receivedEventId(merchant, current.code());
        return envelope(metadata(eventId, merchant, current.code(), observedAt, opener), current.code(), changed);
    }

    static String receivedEventId(MerchantId merchant, OrderCode code) {
        return uuid("received/" + merchant + "/" + code);
    }

    private static OrderEvent envelope(EventMetadata metadata, OrderCode code, Object payload) {
        return OrderEvent.newBuilder().setMetadata(metadata).setOrderCode(code.value()).setPayload(payload).build();
    }

    /** The flow of one order is correlated by its OrderReceived's id; a change is caused by it. */
    private static EventMetadata metadata(String eventId, MerchantId merchant, OrderCode code, Instant at,
                                          String opener) {
        return EventMetadata.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(at)
                .setMerchantId(merchant.value())
                .setCorrelationId(opener == null ? eventId : opener)
                .setCausationId(opener)
                .build();
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(("kaspi.orders/" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static Customer customer(Order.Customer c) {
        return c == null ? null : Customer.newBuilder().setId(c.id()).setFirstName(c.firstName())
                .setLastName(c.lastName()).setCellPhone(c.cellPhone()).build();
    }

    private static Address address(Order.Address a) {
        return a == null ? null : Address.newBuilder().setFormattedAddress(a.formattedAddress())
                .setStreetName(a.streetName()).setStreetNumber(a.streetNumber()).setTown(a.town())
                .setDistrict(a.district()).setBuilding(a.building()).setApartment(a.apartment())
                .setLatitude(a.latitude()).setLongitude(a.longitude()).build();
    }

    private static OrderEntry entry(Order.Entry e) {
        return OrderEntry.newBuilder().setEntryId(e.id()).setSku(e.sku()).setProductName(e.productName())
                .setQuantity(e.quantity()).setBasePrice(e.basePrice()).setTotalPrice(e.totalPrice())
                .setWeightKg(e.weightKg()).setCategory(e.category())
                .setDeliveryPointOfServiceId(e.deliveryPointOfServiceId()).build();
    }
}
