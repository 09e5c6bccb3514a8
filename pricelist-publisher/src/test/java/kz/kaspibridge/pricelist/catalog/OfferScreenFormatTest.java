package kz.kaspibridge.pricelist.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The screen checks skus, store ids and city ids char by char; these are the regular expressions it checked them
 * with before, and it must agree with them on every value: edge lengths, look-alike letters, surrogates, controls.
 */
class OfferScreenFormatTest {

    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9-]{1,20}");
    private static final Pattern CITY_ID = Pattern.compile("[0-9]{1,20}");
    private static final Pattern STORE_ID = Pattern.compile("[A-Za-z0-9_-]{1,50}");
    /** Allowed characters and near misses: Cyrillic А, dotted and dotless i, Kelvin sign, fullwidth 0, an emoji. */
    private static final String[] PIECES = {"A", "z", "0", "9", "-", "_", " ", ".", "/", "\u0410", "\u0130", "\u0131",
            "\u212A", "\uFF10", "\uD83D\uDE00", "\uD83D", "\u0000", "\t", "\u00E9", "Z", "a", "5"};

    @Test
    void skuStoreIdAndCityIdAreJudgedExactlyAsTheirRegularExpressions() {
        for (String value : values()) {
            assertThat(rules(new Offer(value, "Model", "Brand", 100L, List.of()), store("PP1"))
                    .contains(OfferRule.SKU_FORMAT)).as("sku %s", value).isEqualTo(!SKU.matcher(value).matches());
            assertThat(rules(new Offer("SKU1", "Model", "Brand", 100L, List.of()), store(value))
                    .contains(OfferRule.STORE_ID_FORMAT)).as("store id %s", value)
                    .isEqualTo(!STORE_ID.matcher(value).matches());
            assertThat(rules(new Offer("SKU1", "Model", "Brand", null, List.of(new CityPrice(value, 100))),
                    store("PP1")).contains(OfferRule.CITY_ID_FORMAT)).as("city id %s", value)
                    .isEqualTo(!CITY_ID.matcher(value).matches());
        }
    }

    private static List<OfferRule> rules(Offer offer, StoreStock[] stores) {
        return new OfferScreen().check(offer, stores).stream().map(Violation::rule).toList();
    }

    private static StoreStock[] store(String id) {
        return new StoreStock[] {new StoreStock(id, 1, true, 0)};
    }

    private static List<String> values() {
        List<String> values = new ArrayList<>(List.of("", "A", "-", "_", "0", "XK-100UB", "a".repeat(19),
                "a".repeat(20), "a".repeat(21), "1".repeat(20), "1".repeat(21), "s".repeat(49), "s".repeat(50),
                "s".repeat(51), "PP_1", "PP-1", "PP 1", "pp1\n", "\uFF11\uFF12", "\u212A1", "\uD83D\uDE00",
                "ab\uD83D", "750000000"));
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder value = new StringBuilder();
            int pieces = random.nextInt(56);
            boolean plain = random.nextInt(3) > 0;
            for (int p = 0; p < pieces; p++) {
                value.append(PIECES[plain ? random.nextInt(6) : random.nextInt(PIECES.length)]);
            }
            values.add(value.toString());
        }
        return values;
    }
}
