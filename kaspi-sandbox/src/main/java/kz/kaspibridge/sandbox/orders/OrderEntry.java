package kz.kaspibridge.sandbox.orders;

/** One line of an order. Prices in whole tenge; the Shop API renders them as decimals. */
public record OrderEntry(String id, int quantity, long basePrice, String offerCode, String offerName,
                         double weightKg, String categoryCode, String categoryTitle, String pointOfServiceId) {

    public long totalPrice() {
        return basePrice * quantity;
    }
}
