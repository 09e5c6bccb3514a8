package kz.kaspibridge.kaspiclient.shop;

/** Kaspi's opaque order id (the JSON:API {@code id}), used in URLs and status changes. */
public record OrderId(String value) {
    public OrderId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("order id is empty");
        }
    }
}
