package kz.kaspibridge.ordercommand;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kz.kaspibridge.ordercommand.orders.MerchantId;
import kz.kaspibridge.ordercommand.orders.Order;
import kz.kaspibridge.ordercommand.orders.OrderCode;
import kz.kaspibridge.ordercommand.orders.OrderEntry;
import kz.kaspibridge.ordercommand.orders.OrderId;
import kz.kaspibridge.ordercommand.orders.OrderStatus;
import kz.kaspibridge.ordercommand.orders.Sku;
import kz.kaspibridge.ordercommand.orders.StoreId;

/** Test orders with sensible defaults: {@code Orders.anOrder().code("A1").entry("SKU1", 2).build()}. */
public final class Orders {

    public static final MerchantId MERCHANT = new MerchantId("m1");
    public static final StoreId STORE = new StoreId("PP1");
    public static final Instant RECEIVED_AT = Instant.parse("2026-12-01T10:00:00Z");

    private String code = "100001";
    private MerchantId merchant = MERCHANT;
    private OrderStatus status = OrderStatus.APPROVED_BY_BANK;
    private Instant receivedAt = RECEIVED_AT;
    private String deliveryMode = "DELIVERY_LOCAL";
    private boolean kaspiDelivery;
    private final List<OrderEntry> entries = new ArrayList<>();

    private Orders() {
    }

    public static Orders anOrder() {
        return new Orders();
    }

    public Orders code(String value) {
        this.code = value;
        return this;
    }

    public Orders merchant(String value) {
        this.merchant = new MerchantId(value);
        return this;
    }

    public Orders status(OrderStatus value) {
        this.status = value;
        return this;
    }

    public Orders receivedAt(Instant value) {
        this.receivedAt = value;
        return this;
    }

    public Orders kaspiDelivery() {
        this.kaspiDelivery = true;
        this.deliveryMode = "DELIVERY_PICKUP";
        return this;
    }

    /** Kaspi's {@code DELIVERY_LOCAL} with {@code isKaspiDelivery}: a city order Kaspi's courier takes. */
    public Orders kaspiDeliveryInTheCity() {
        this.kaspiDelivery = true;
        this.deliveryMode = "DELIVERY_LOCAL";
        return this;
    }

    public Orders deliveryMode(String value) {
        this.deliveryMode = value;
        return this;
    }

    /** An entry picked from the default store (Kaspi named no point of service). */
    public Orders entry(String sku, int quantity) {
        entries.add(new OrderEntry(new Sku(sku), "Product " + sku, quantity, 1000L * quantity, 0.5, Optional.empty()));
        return this;
    }

    public Orders entryFrom(String store, String sku, int quantity) {
        entries.add(new OrderEntry(new Sku(sku), "Product " + sku, quantity, 1000L * quantity, 0.5,
                Optional.of(new StoreId(store))));
        return this;
    }

    public Order build() {
        List<OrderEntry> lines = entries.isEmpty() ? List.of(new OrderEntry(new Sku("SKU1"), "Product SKU1", 1,
                1000, 0.5, Optional.empty())) : entries;
        long total = lines.stream().mapToLong(OrderEntry::totalPrice).sum();
        return new Order(new OrderCode(code), new OrderId("id-" + code), merchant, status, receivedAt, total,
                deliveryMode, kaspiDelivery, new Order.Contact("Test Buyer", "+77000000000"), "Almaty, test street 1",
                lines);
    }
}
