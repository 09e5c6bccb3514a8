package kz.kaspibridge.orderpoller.polling;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A Kaspi order as the poller saw it, with its entries. Money is integer tenge. Customer and address
 * are personal data: they travel to Kafka but never into logs or metric tags.
 */
public record Order(
        String id,
        OrderCode code,
        OrderStatus status,
        OrderState state,
        Instant creationDate,
        Instant approvedByBankDate,
        Instant plannedDeliveryDate,
        long totalPrice,
        Long deliveryCost,
        Long deliveryCostForSeller,
        String paymentMode,
        String deliveryMode,
        boolean kaspiDelivery,
        boolean preOrder,
        boolean signatureRequired,
        Integer creditTerm,
        String pickupPointId,
        Customer customer,
        Address deliveryAddress,
        String waybillUrl,
        List<Entry> entries) {

    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(creationDate, "creationDate");
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /** What status sync needs to remember about an order it emitted. */
    public OrderSnapshot snapshot() {
        return new OrderSnapshot(id, code, status, state, creationDate);
    }

    public record Entry(String id, String sku, String productName, int quantity, long basePrice, long totalPrice,
                        Double weightKg, String category, String deliveryPointOfServiceId) {
        public Entry {
            Objects.requireNonNull(sku, "sku");
        }
    }

    public record Customer(String id, String firstName, String lastName, String cellPhone) {
        @Override
        public String toString() {
            return "Customer[id=" + id + ", personal data masked]";
        }
    }

    public record Address(String formattedAddress, String streetName, String streetNumber, String town,
                          String district, String building, String apartment, Double latitude, Double longitude) {
        @Override
        public String toString() {
            return "Address[personal data masked]";
        }
    }
}
