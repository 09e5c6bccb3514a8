package kz.kaspibridge.pricelist.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides, offer by offer, whether an offer may go into one build of the file: the documented format's rules
 * (see {@link OfferRule}). One screen serves one build, since uniqueness is a rule across the offers of the file:
 * offers come in sku order, and of two skus that differ only in case the first one stays.
 *
 * <p>An offer that breaks a rule is left out and reported; it never stops the rest of the file.
 */
public final class OfferScreen {

    private static final String LETTERS_AND_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    /** {@code [A-Za-z0-9-]{1,20}}. */
    private static final Format SKU = new Format(LETTERS_AND_DIGITS + "-", 20);
    /** {@code [0-9]{1,20}}. */
    private static final Format CITY_ID = new Format("0123456789", 20);
    /** {@code [A-Za-z0-9_-]{1,50}}. */
    private static final Format STORE_ID = new Format(LETTERS_AND_DIGITS + "_-", 50);
    private static final int MAX_PRE_ORDER_DAYS = 30;
    private static final int DETAIL_LENGTH = 60;

    private final Set<String> seen = new HashSet<>();

    /** The rules {@code offer} and its stores break; empty when it may go into the file. */
    public List<Violation> check(Offer offer, StoreStock[] stores) {
        List<Violation> found = new ArrayList<>(0);
        if (!SKU.matches(offer.sku())) {
            found.add(new Violation(OfferRule.SKU_FORMAT, shown(offer.sku())));
        } else if (!seen.add(offer.sku().toLowerCase(Locale.ROOT))) {
            found.add(new Violation(OfferRule.SKU_DUPLICATE, offer.sku()));
        }
        text(found, offer.model(), OfferRule.MODEL_BLANK, "model");
        text(found, offer.brand(), OfferRule.BRAND_BLANK, "brand");
        prices(found, offer);
        if (stores.length == 0) {
            found.add(new Violation(OfferRule.NO_STORES, offer.sku()));
        }
        for (StoreStock store : stores) {
            if (!STORE_ID.matches(store.storeId())) {
                found.add(new Violation(OfferRule.STORE_ID_FORMAT, shown(store.storeId())));
            }
            if (store.preOrder() < 0 || store.preOrder() > MAX_PRE_ORDER_DAYS) {
                found.add(new Violation(OfferRule.PRE_ORDER_RANGE, store.storeId() + ": " + store.preOrder()));
            }
            if (store.stockCount() < 0) {
                found.add(new Violation(OfferRule.STOCK_NEGATIVE, store.storeId() + ": " + store.stockCount()));
            }
        }
        return found;
    }

    private static void text(List<Violation> found, String value, OfferRule blank, String field) {
        if (value == null || value.isBlank()) {
            found.add(new Violation(blank, field));
        } else {
            int bad = forbiddenCharacterAt(value);
            if (bad >= 0) {
                found.add(new Violation(OfferRule.XML_FORBIDDEN_CHARACTER,
                        field + " at " + bad + ": U+" + String.format("%04X", (int) value.charAt(bad))));
            }
        }
    }

    private static void prices(List<Violation> found, Offer offer) {
        boolean cities = !offer.cityPrices().isEmpty();
        if (offer.price() == null && !cities) {
            found.add(new Violation(OfferRule.PRICE_MISSING, offer.sku()));
            return;
        }
        if (offer.price() != null && cities) {
            found.add(new Violation(OfferRule.PRICE_AND_CITY_PRICES, offer.sku()));
        }
        if (offer.price() != null && offer.price() <= 0) {
            found.add(new Violation(OfferRule.PRICE_NOT_POSITIVE, String.valueOf(offer.price())));
        }
        Set<String> cityIds = offer.cityPrices().isEmpty() ? Set.of() : new HashSet<>();
        for (CityPrice city : offer.cityPrices()) {
            if (!CITY_ID.matches(city.cityId())) {
                found.add(new Violation(OfferRule.CITY_ID_FORMAT, shown(city.cityId())));
            } else if (!cityIds.add(city.cityId())) {
                found.add(new Violation(OfferRule.CITY_DUPLICATE, city.cityId()));
            }
            if (city.price() <= 0) {
                found.add(new Violation(OfferRule.PRICE_NOT_POSITIVE, city.cityId() + ": " + city.price()));
            }
        }
    }

    /**
     * The index of the first character XML 1.0 forbids (controls other than tab, newline and return, lone
     * surrogates, U+FFFE and U+FFFF), or -1. Woodstox would write them and the file would not parse.
     */
    static int forbiddenCharacterAt(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * One of the format's ids: 1 to {@code maxLength} characters, each one of {@code allowed} (ASCII). The same
     * rule as the regular expression in each constant's comment, checked char by char: a {@code Matcher} per value
     * (one for the sku and one per store of every offer) was about half the screen's time and 900 bytes of garbage
     * per offer with 3 stores.
     */
    private static final class Format {

        private final boolean[] allowed = new boolean[128];
        private final int maxLength;

        Format(String allowed, int maxLength) {
            allowed.chars().forEach(c -> this.allowed[c] = true);
            this.maxLength = maxLength;
        }

        boolean matches(String value) {
            int length = value.length();
            if (length == 0 || length > maxLength) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                char c = value.charAt(i);
                if (c >= allowed.length || !allowed[c]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A value for the report and the log: printable, and short (a sku is not personal data). */
    private static String shown(String value) {
        String printable = value.codePoints()
                .map(cp -> Character.isISOControl(cp) ? '?' : cp)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() <= DETAIL_LENGTH ? printable : printable.substring(0, DETAIL_LENGTH) + "…";
    }
}
