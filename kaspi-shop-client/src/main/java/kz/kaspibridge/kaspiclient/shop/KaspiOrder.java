package kz.kaspibridge.kaspiclient.shop;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An order as Kaspi reports it. Money in whole tenge, dates as instants. {@code entries} is empty
 * unless they were asked for. Nullable: the dates other than creationDate, address, customer.
 */
public record KaspiOrder(
        OrderId id,
        OrderCode code,
        OrderStatus status,
        OrderState state,
        Instant creationDate,
        Instant approvedByBankDate,
        Instant plannedDeliveryDate,
        long totalPrice,
        long deliveryCost,
        long deliveryCostForSeller,
        String paymentMode,
        DeliveryMode deliveryMode,
        boolean isKaspiDelivery,
        KaspiDeliveryInfo kaspiDeliveryInfo,
        boolean preOrder,
        boolean signatureRequired,
        int creditTerm,
        String pickupPointId,
        String cancellationReason,
        DeliveryAddress deliveryAddress,
        Customer customer,
        List<OrderEntry> entries) {

    public KaspiOrder {
        entries = List.copyOf(entries);
    }

    public Optional<KaspiDeliveryInfo> kaspiDelivery() {
        return Optional.ofNullable(kaspiDeliveryInfo);
    }
}
