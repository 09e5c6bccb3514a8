package kz.kaspibridge.pricelist.catalog;

/**
 * A rule an offer must keep to be in the file, from the documented price list format. Each has a short code: the
 * metric tag, the report's and the log's name for it.
 */
public enum OfferRule {
    SKU_FORMAT("sku-format", "sku must be 1 to 20 latin letters, digits or hyphens"),
    SKU_DUPLICATE("sku-duplicate", "sku is used by another offer (skus are compared ignoring case)"),
    MODEL_BLANK("model-blank", "model is missing or blank"),
    BRAND_BLANK("brand-blank", "brand is missing or blank"),
    PRICE_MISSING("price-missing", "neither price nor city prices are given"),
    PRICE_AND_CITY_PRICES("price-and-city-prices", "both price and city prices are given; give one"),
    PRICE_NOT_POSITIVE("price-not-positive", "a price must be a whole number of tenge above 0"),
    CITY_ID_FORMAT("city-id-format", "a city id must be digits"),
    CITY_DUPLICATE("city-duplicate", "a city has two prices"),
    STORE_ID_FORMAT("store-id-format", "a store id must be 1 to 50 latin letters, digits, '-' or '_'"),
    PRE_ORDER_RANGE("pre-order-range", "preOrder must be 0 to 30 days"),
    STOCK_NEGATIVE("stock-negative", "stockCount must not be negative"),
    NO_STORES("no-stores", "no store has reported stock for this sku yet"),
    XML_FORBIDDEN_CHARACTER("xml-forbidden-character", "text holds a character XML 1.0 does not allow");

    private final String code;
    private final String description;

    OfferRule(String code, String description) {
        this.code = code;
        this.description = description;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }
}
