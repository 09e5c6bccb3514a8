package kz.kaspibridge.pricelist.catalog;

import java.util.List;

/**
 * An offer as the merchant last described it on {@code kaspi.offers}. Values are kept as sent, not checked here:
 * {@link OfferRules} decides at each build whether the offer may go into the file, so a fix to the data shows
 * without a restart, and a bad value is reported rather than dropped silently on the way in.
 *
 * @param price      one price for every city, or null when {@code cityPrices} is used
 * @param cityPrices prices per city; empty when {@code price} is used
 */
public record Offer(String sku, String model, String brand, Long price, List<CityPrice> cityPrices) {

    public Offer {
        cityPrices = List.copyOf(cityPrices);
    }
}
