package kz.kaspibridge.pricelist.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import kz.kaspibridge.pricelist.catalog.CityPrice;
import kz.kaspibridge.pricelist.catalog.MerchantCatalog;
import kz.kaspibridge.pricelist.catalog.MerchantId;
import kz.kaspibridge.pricelist.catalog.Offer;
import kz.kaspibridge.pricelist.catalog.StoreStock;

/**
 * A merchant's offers and store stock as a benchmark uses them, the same for the same seed: electronics and home
 * appliances with Cyrillic model names (some with {@code &}, {@code "} or {@code <}, which the writer escapes), a
 * brand, one price or, for about one offer in ten, prices in 2 to 4 cities; every sku in every store, some with
 * nothing left, a few closed for the sku, some on pre-order. Every offer keeps the rules, so nothing is excluded and
 * the file and the raw baseline carry the same offers.
 *
 * <p>Strings are fresh copies per offer and per store figure (the stock's sku too), as decoding each record from
 * Kafka makes them, so the catalog's heap is what the service would hold, not flattered by shared instances.
 */
final class BenchData {

    static final Instant FIRST_CHANGE = Instant.parse("2025-01-01T00:00:00Z");

    private static final String[] CATEGORIES = {"Смартфон", "Телевизор", "Холодильник двухкамерный",
            "Стиральная машина", "Ноутбук", "Пылесос беспроводной", "Чайник электрический", "Наушники беспроводные",
            "Кофемашина автоматическая", "Микроволновая печь", "Кондиционер настенный", "Утюг с парогенератором",
            "Планшет", "Умные часы", "Фен для волос", "Блендер погружной"};
    private static final String[] PREFIXES = {"SM", "TV", "RF", "WM", "NB", "VC", "KT", "HP", "CM", "MW", "AC", "IR",
            "TB", "SW", "HD", "BL"};
    private static final String[] BRANDS = {"Samsung", "Apple", "Xiaomi", "LG", "Bosch", "Philips", "Redmond",
            "Artel", "Haier", "Lenovo", "ASUS", "Tefal", "Dyson", "Sony", "Braun", "Polaris", "Beko", "Indesit",
            "Procter & Gamble", "Dr. Beckmann"};
    private static final String[] SERIES = {"Galaxy", "Pro", "Max", "Lite", "Ultra", "Neo", "Smart", "Comfort",
            "Eco", "Turbo"};
    private static final String[] DETAILS = {"8/256 ГБ", "55\" 4K UHD", "No Frost, 350 л", "7 кг, 1200 об/мин",
            "16 ГБ/512 ГБ SSD", "450 Вт", "1,7 л, 2200 Вт", "Bluetooth 5.3", "15 бар", "20 л, 800 Вт",
            "12000 BTU", "2400 Вт", "11\" 128 ГБ", "44 мм", "1800 Вт", "1000 Вт"};
    private static final String[] COLOURS = {"черный", "белый", "серебристый", "синий", "графитовый", "бежевый",
            "красный", "зеленый"};
    private static final String[] TAGS = {"", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
            " (Tom & Jerry)", " \"Новинка\"", " <Kids>"};
    /** Kaspi's city ids: Almaty, Astana, Shymkent, Karaganda, Aktobe, Kostanay, Pavlodar, Ust-Kamenogorsk. */
    private static final String[] CITIES = {"750000000", "710000000", "511010000", "351010000", "151010000",
            "391010000", "551010000", "631010000"};

    private BenchData() {
    }

    /** One offer and its stores, as the catalog holds them. */
    record Item(Offer offer, StoreStock[] stores) {
    }

    static String storeId(int store) {
        return "PP" + (store + 1);
    }

    static String sku(int index) {
        return PREFIXES[index % PREFIXES.length] + "-" + (1_000_000 + index);
    }

    /** The {@code index}th offer of a catalog of this seed, with its figures in {@code stores} stores. */
    static Item item(long seed, int index, int stores) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
        int category = index % CATEGORIES.length;
        String brand = BRANDS[random.nextInt(BRANDS.length)];
        String model = CATEGORIES[category] + " " + brand + " " + SERIES[random.nextInt(SERIES.length)] + " "
                + (char) ('A' + random.nextInt(26)) + (10 + random.nextInt(990)) + " " + DETAILS[category] + ", "
                + COLOURS[random.nextInt(COLOURS.length)] + TAGS[random.nextInt(TAGS.length)];
        Long price = null;
        List<CityPrice> cityPrices = List.of();
        long base = roundedPrice(random);
        if (random.nextInt(10) == 0) {
            int cities = 2 + random.nextInt(3);
            List<CityPrice> prices = new ArrayList<>(cities);
            for (int c = 0; c < cities; c++) {
                prices.add(new CityPrice(fresh(CITIES[c]), base + 10L * random.nextInt(100)));
            }
            cityPrices = prices;
        } else {
            price = base;
        }
        StoreStock[] figures = new StoreStock[stores];
        for (int s = 0; s < stores; s++) {
            int count = random.nextInt(100) < 12 ? 0 : 1 + random.nextInt(200);
            boolean available = random.nextInt(100) >= 3;
            int preOrder = random.nextInt(100) < 90 ? 0 : 1 + random.nextInt(14);
            figures[s] = new StoreStock(fresh(storeId(s)), count, available, preOrder);
        }
        return new Item(new Offer(sku(index), model, fresh(brand), price, cityPrices), figures);
    }

    /**
     * A catalog of {@code offers} offers in {@code stores} stores, put in through the catalog's own
     * {@code upsert} and {@code stock}, as the catalog reader does (each a millisecond after the one before).
     */
    static MerchantCatalog catalog(MerchantId merchant, long seed, int offers, int stores) {
        MerchantCatalog catalog = new MerchantCatalog(merchant);
        for (int i = 0; i < offers; i++) {
            Item item = item(seed, i, stores);
            Instant at = FIRST_CHANGE.plusMillis(i);
            catalog.upsert(item.offer(), at);
            for (StoreStock figure : item.stores()) {
                catalog.stock(fresh(item.offer().sku()), figure, at);
            }
        }
        return catalog;
    }

    /** 490 to about 2,000,000 tenge, spread evenly on a log scale, in tens. */
    private static long roundedPrice(SplittableRandom random) {
        double tenge = 490 * Math.pow(4_000, random.nextDouble());
        return Math.max(490, Math.round(tenge / 10) * 10);
    }

    /** A copy with its own characters, as a string decoded from a record is. */
    static String fresh(String value) {
        return new String(value.toCharArray());
    }
}
