package kz.kaspibridge.sandbox.orders;

import java.time.Instant;
import java.util.List;

/** An order as it is at one moment: what the Shop API renders and what the admin API returns. */
public record OrderSnapshot(
        String id,
        String code,
        String merchantId,
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
        boolean kaspiDelivery,
        String waybill,
        Integer numberOfSpace,
        boolean signatureRequired,
        boolean preOrder,
        int creditTerm,
        String pickupPointId,
        Address deliveryAddress,
        Customer customer,
        List<OrderEntry> entries,
        String cancellationReason,
        String cancellationComment,
        String pendingSecurityCode) {
}
