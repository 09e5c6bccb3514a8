package kz.kaspibridge.kaspiclient.shop;

/**
 * One line of an order. Money in whole tenge.
 *
 * @param offerCode               the merchant's sku ({@code offer.code})
 * @param deliveryPointOfServiceId the merchant's store the line ships from, when Kaspi says
 */
public record OrderEntry(String id, String offerCode, String offerName, int quantity, long basePrice,
                         long totalPrice, double weightKg, String categoryCode, String categoryTitle,
                         String deliveryPointOfServiceId) {
}
