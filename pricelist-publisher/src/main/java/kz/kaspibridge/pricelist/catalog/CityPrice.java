package kz.kaspibridge.pricelist.catalog;

/** The price of an offer in one city ({@code cityprices/cityprice@cityId}), integer tenge. */
public record CityPrice(String cityId, long price) {
}
