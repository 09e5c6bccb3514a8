package kz.kaspibridge.sandbox.orders;

import java.time.Instant;

/**
 * What a test wants of one seeded order; every null is filled with realistic generated data.
 * Build with {@code OrderSeed.forMerchant("m1").withStatus(...)}.
 */
public record OrderSeed(String merchantId, String code, OrderStatus status, DeliveryMode deliveryMode,
                        Boolean kaspiDelivery, Instant creationDate, Integer entries) {

    public static OrderSeed forMerchant(String merchantId) {
        return new OrderSeed(merchantId, null, null, null, null, null, null);
    }

    public OrderSeed withCode(String value) {
        return new OrderSeed(merchantId, value, status, deliveryMode, kaspiDelivery, creationDate, entries);
    }

    public OrderSeed withStatus(OrderStatus value) {
        return new OrderSeed(merchantId, code, value, deliveryMode, kaspiDelivery, creationDate, entries);
    }

    public OrderSeed withDelivery(DeliveryMode mode, boolean byKaspi) {
        return new OrderSeed(merchantId, code, status, mode, byKaspi, creationDate, entries);
    }

    public OrderSeed createdAt(Instant value) {
        return new OrderSeed(merchantId, code, status, deliveryMode, kaspiDelivery, value, entries);
    }

    public OrderSeed withEntries(int count) {
        return new OrderSeed(merchantId, code, status, deliveryMode, kaspiDelivery, creationDate, count);
    }
}
