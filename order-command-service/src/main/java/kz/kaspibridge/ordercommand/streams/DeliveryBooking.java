package kz.kaspibridge.ordercommand.streams;

import java.util.Optional;
import java.util.stream.Collectors;
import kz.kaspibridge.ordercommand.orders.Order;
import kz.kaspibridge.ordercommand.orders.OrderEntry;

/**
 * The delivery rule: after acceptance, orders the merchant delivers itself ({@code DELIVERY_LOCAL}) get one
 * {@code BookDelivery}. Kaspi Delivery and pickup orders need no courier from us.
 */
final class DeliveryBooking {

    private static final int MAX_DESCRIPTION = 500;

    private DeliveryBooking() {
    }

    static Optional<Effect.Delivery> of(Order order) {
        if (!order.deliveredByMerchant() || order.formattedAddress() == null) {
            return Optional.empty();
        }
        String description = order.entries().stream()
                .map(e -> e.quantity() + " x " + (e.productName() != null ? e.productName() : e.sku().value()))
                .collect(Collectors.joining(", "));
        if (description.length() > MAX_DESCRIPTION) {
            description = description.substring(0, MAX_DESCRIPTION - 1) + "…";
        }
        int grams = order.entries().stream().mapToInt(OrderEntry::weightGrams).sum();
        Order.Contact customer = order.customer();
        return Optional.of(new Effect.Delivery(order.formattedAddress(), customer == null ? "" : customer.name(),
                customer == null ? "" : customer.phone(), description, grams, order.totalPrice()));
    }
}
