package kz.kaspibridge.kaspiclient.delivery;

public record DeliveryId(String value) {
    public DeliveryId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("delivery id is empty");
        }
    }
}
