package kz.kaspibridge.pricelist.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OfferScreenTest {

    private static final StoreStock[] ONE_STORE = {new StoreStock("PP1", 5, true, 0)};

    private static Offer offer(String sku) {
        return new Offer(sku, "Смартфон", "Apple", 450_000L, List.of());
    }

    private static List<OfferRule> rules(OfferScreen screen, Offer offer, StoreStock... stores) {
        return screen.check(offer, stores).stream().map(Violation::rule).toList();
    }

    @Test
    void aWellFormedOfferPasses() {
        assertThat(new OfferScreen().check(offer("XK-100UB"), ONE_STORE)).isEmpty();
        assertThat(new OfferScreen().check(new Offer("C1", "Чайник", "Bosch", null,
                List.of(new CityPrice("750000000", 15_000), new CityPrice("710000000", 15_500))), ONE_STORE)).isEmpty();
    }

    @Test
    void skusAreLatinLettersDigitsAndHyphensUpToTwentyAndUniqueIgnoringCase() {
        OfferScreen screen = new OfferScreen();
        assertThat(rules(screen, offer("ABCDEFGHIJ0123456789"), ONE_STORE)).isEmpty();
        assertThat(rules(screen, offer("ABCDEFGHIJ01234567890"), ONE_STORE)).containsExactly(OfferRule.SKU_FORMAT);
        assertThat(rules(screen, offer("АБВ"), ONE_STORE)).containsExactly(OfferRule.SKU_FORMAT);
        assertThat(rules(screen, offer("A B"), ONE_STORE)).containsExactly(OfferRule.SKU_FORMAT);
        assertThat(rules(screen, offer(""), ONE_STORE)).containsExactly(OfferRule.SKU_FORMAT);
        assertThat(rules(screen, offer("abcdefghij0123456789"), ONE_STORE)).containsExactly(OfferRule.SKU_DUPLICATE);
        // Another build starts afresh.
        assertThat(rules(new OfferScreen(), offer("abcdefghij0123456789"), ONE_STORE)).isEmpty();
    }

    @Test
    void modelAndBrandMustNotBeBlankNorHoldCharactersXmlForbids() {
        OfferScreen screen = new OfferScreen();
        assertThat(rules(screen, new Offer("A1", " ", null, 1L, List.of()), ONE_STORE))
                .containsExactly(OfferRule.MODEL_BLANK, OfferRule.BRAND_BLANK);
        assertThat(rules(screen, new Offer("A2", "Bell\u0007", "B", 1L, List.of()), ONE_STORE))
                .containsExactly(OfferRule.XML_FORBIDDEN_CHARACTER);
        assertThat(rules(screen, new Offer("A3", "half \uD83D", "B", 1L, List.of()), ONE_STORE))
                .containsExactly(OfferRule.XML_FORBIDDEN_CHARACTER);
        // Tabs, newlines, quotes, ampersands and a whole emoji are fine: they are escaped, not refused.
        assertThat(rules(screen, new Offer("A4", "Tom & \"Jerry\"\t<1>\n\uD83D\uDE00", "B", 1L, List.of()), ONE_STORE))
                .isEmpty();
    }

    @Test
    void aPriceIsAWholePositiveNumberGivenOnceEitherAloneOrPerCity() {
        OfferScreen screen = new OfferScreen();
        assertThat(rules(screen, new Offer("P1", "M", "B", null, List.of()), ONE_STORE))
                .containsExactly(OfferRule.PRICE_MISSING);
        assertThat(rules(screen, new Offer("P2", "M", "B", 0L, List.of()), ONE_STORE))
                .containsExactly(OfferRule.PRICE_NOT_POSITIVE);
        assertThat(rules(screen, new Offer("P3", "M", "B", 5L, List.of(new CityPrice("750000000", 5))), ONE_STORE))
                .containsExactly(OfferRule.PRICE_AND_CITY_PRICES);
        assertThat(rules(screen, new Offer("P4", "M", "B", null, List.of(new CityPrice("Almaty", 5),
                new CityPrice("710000000", -1), new CityPrice("710000000", 3))), ONE_STORE))
                .containsExactly(OfferRule.CITY_ID_FORMAT, OfferRule.PRICE_NOT_POSITIVE, OfferRule.CITY_DUPLICATE);
    }

    @Test
    void storesNeedAnIdAPreOrderOfAtMostThirtyDaysAndNoNegativeStock() {
        OfferScreen screen = new OfferScreen();
        assertThat(rules(screen, offer("S1"))).containsExactly(OfferRule.NO_STORES);
        assertThat(rules(screen, offer("S2"), new StoreStock("PP 1", 1, true, 0), new StoreStock("PP2", 1, true, 31),
                new StoreStock("PP3", -1, true, 30))).containsExactly(OfferRule.STORE_ID_FORMAT,
                OfferRule.PRE_ORDER_RANGE, OfferRule.STOCK_NEGATIVE);
        assertThat(rules(screen, offer("S3"), new StoreStock("PP_1-a", 0, false, 30))).isEmpty();
    }
}
