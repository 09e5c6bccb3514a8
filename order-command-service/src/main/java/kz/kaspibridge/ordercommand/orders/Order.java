package kz.kaspibridge.ordercommand.orders;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What this service knows of a Kaspi order when it arrives ({@code OrderReceived}). The customer's name,
 * phone and address are personal data: they are carried into {@code BookDelivery} and nowhere else, and
 * {@link #toString()} masks them.
 *
 * @param receivedAt the {@code occurredAt} of the {@code OrderReceived} event
 */
public record Order(
        OrderCode code,
        OrderId id,
        MerchantId merchant,
        OrderStatus status,
        Instant receivedAt,
        long totalPrice,
        String deliveryMode,
        boolean kaspiDelivery,
        Contact customer,
        String formattedAddress,
        List<OrderEntry> entries) {

    public Order {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(receivedAt, "receivedAt");
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("order " + code + " has no entries");
        }
    }

    /**
     * The merchant delivers it itself: Kaspi's {@code DELIVERY_LOCAL} without {@code isKaspiDelivery}. The same
     * mode with {@code isKaspiDelivery} is a city order Kaspi's own courier takes (after ASSEMBLE), and booking a
     * second courier for it would send two.
     */
    public boolean deliveredByMerchant() {
        return "DELIVERY_LOCAL".equals(deliveryMode) && !kaspiDelivery;
    }

    /** Total units of the order, for metrics and the parcel description. */
    public int units() {
        return entries.stream().mapToInt(OrderEntry::quantity).sum();
    }

    @Override
    public String toString() {
        return "Order[code=" + code + ", merchant=" + merchant + ", status=" + status + ", entries=" + entries.size()
                + ", personal data masked]";
    }

    /** A person to call, with the place's notes. Personal data. */
    public record Contact(String name, String phone) {
        @Override
        public String toString() {
            return "Contact[personal data masked]";
        }
    }
}
