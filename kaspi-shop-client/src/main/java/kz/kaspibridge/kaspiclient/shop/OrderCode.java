package kz.kaspibridge.kaspiclient.shop;

/** The order number buyers and merchants see ({@code attributes.code}); our Kafka key. */
public record OrderCode(String value) {
    public OrderCode {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("order code is empty");
        }
    }
}
