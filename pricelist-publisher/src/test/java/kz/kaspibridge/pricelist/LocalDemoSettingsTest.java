package kz.kaspibridge.pricelist;

import static kz.kaspibridge.testsupport.LocalProfile.demoCatalogLines;
import static kz.kaspibridge.testsupport.LocalProfile.demoMerchants;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import kz.kaspibridge.ordercommand.tools.SendCommand;
import kz.kaspibridge.pricelist.catalog.CatalogEntry;
import kz.kaspibridge.pricelist.catalog.CityPrice;
import kz.kaspibridge.pricelist.catalog.MerchantCatalog;
import kz.kaspibridge.pricelist.catalog.MerchantId;
import kz.kaspibridge.pricelist.catalog.Offer;
import kz.kaspibridge.pricelist.catalog.OfferScreen;
import kz.kaspibridge.pricelist.catalog.StoreStock;
import kz.kaspibridge.pricelist.catalog.Violation;
import kz.kaspibridge.pricelist.config.PricelistProperties;
import kz.kaspibridge.pricelist.config.PricelistProperties.Merchant;
import kz.kaspibridge.schemas.catalog.OfferEvent;
import kz.kaspibridge.schemas.catalog.OfferUpserted;
import kz.kaspibridge.schemas.catalog.StockChanged;
import kz.kaspibridge.testsupport.LocalProfile;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The {@code local} profile ./run-local starts the publisher with ({@code application-local.yml}), the demo merchants
 * ({@code deploy/local/demo.env}) and the demo catalog the launcher writes ({@code deploy/local/demo-catalog.txt},
 * read with the merchant tool that writes it) agree: every demo merchant has a company name and a price list whose
 * every seeded offer goes into the file, and the secrets and directory the launcher passes bind.
 */
class LocalDemoSettingsTest {

    /** The skus kaspi-sandbox's OrderGenerator puts in the demo orders (order-command-service's README lists them). */
    private static final Set<String> SANDBOX_ORDER_SKUS = Set.of("SGA54128BLK", "TEFKO150", "DYSONV11", "NKAM90W42",
            "APPAIRPRO2", "ABAIJOLY", "JOIEI360", "PHDST7040");
    private static final String ALMATY = "750000000";
    private static final String ASTANA = "710000000";

    @Test
    void theLocalProfileNamesTheCompanyOfEachDemoMerchant() {
        PricelistProperties settings = localProfile(Map.of());

        assertThat(settings.merchants()).extracting(Merchant::id).containsExactlyElementsOf(demoMerchants());
        assertThat(settings.merchants()).allSatisfy(merchant -> {
            assertThat(merchant.company()).isNotBlank();
            assertThat(merchant.isAuthComplete()).isTrue();
        });
        assertThat(settings.isEachMerchantOnce()).isTrue();
    }

    @Test
    void oneDemoMerchantsFileNeedsBasicAuthWithThePasswordTheLauncherGenerates() {
        PricelistProperties settings = localProfile(Map.of("PRICELIST_PASSWORD_MERCHANT_3", "fake-feed-password"));

        assertThat(settings.merchants()).filteredOn(Merchant::authRequired).extracting(Merchant::id)
                .containsExactly("merchant-3");
        Merchant protectedOne = settings.merchant("merchant-3").orElseThrow();
        assertThat(protectedOne.resolvePassword()).isEqualTo("fake-feed-password");
        assertThat(protectedOne.toString()).doesNotContain("fake-feed-password");
    }

    @Test
    void theFeedDirectoryTheLauncherSetsBinds() {
        // run-local keeps the built files in .local/, with the rest of the local data.
        PricelistProperties settings = localProfile(
                Map.of("PRICELIST_PUBLISHER_FEED_DIR", "/tmp/kaspi-bridge/.local/pricelist-feeds"));

        assertThat(settings.feedDirectory()).isEqualTo(Path.of("/tmp/kaspi-bridge/.local/pricelist-feeds"));
    }

    @Test
    void everyDemoMerchantHasSeveralOffersAndEachOneGoesIntoItsFile() {
        Map<String, MerchantCatalog> catalogs = demoCatalogs();

        assertThat(catalogs.keySet()).containsExactlyElementsOf(demoMerchants());
        catalogs.values().forEach(catalog -> {
            assertThat(catalog.offerCount()).as("offers of %s", catalog.merchant()).isGreaterThanOrEqualTo(3);
            OfferScreen screen = new OfferScreen();
            List<String> refused = new ArrayList<>();
            for (CatalogEntry entry : catalog.entries()) {
                List<Violation> violations = screen.check(entry.offer(), entry.stores());
                if (!violations.isEmpty()) {
                    refused.add(entry.offer().sku() + ": " + violations);
                }
            }
            assertThat(refused).as("offers of %s left out of its file", catalog.merchant()).isEmpty();
        });
    }

    @Test
    void theDemoCatalogShowsCyrillicNamesCityPricesEscapingAndAStoreWithNothingLeft() {
        List<Offer> offers = new ArrayList<>();
        List<StoreStock> stores = new ArrayList<>();
        for (MerchantCatalog catalog : demoCatalogs().values()) {
            for (CatalogEntry entry : catalog.entries()) {
                offers.add(entry.offer());
                stores.addAll(List.of(entry.stores()));
            }
        }

        assertThat(offers).filteredOn(offer -> offer.model().chars()
                .anyMatch(c -> Character.UnicodeBlock.of(c) == Character.UnicodeBlock.CYRILLIC)).hasSizeGreaterThan(2);
        assertThat(offers).anySatisfy(offer -> assertThat(offer.cityPrices()).extracting(CityPrice::cityId)
                .containsExactlyInAnyOrder(ALMATY, ASTANA));
        assertThat(offers).anySatisfy(offer -> assertThat(offer.model()).contains("&"));
        assertThat(stores).anySatisfy(store -> assertThat(store.sellable()).isFalse());
        assertThat(stores).anySatisfy(store -> assertThat(store.sellable()).isTrue());
    }

    @Test
    void theDemoCatalogLeavesTheSandboxsOrderSkusAlone() {
        // Stock seeded for these would let order-command-service accept merchant-2's demo orders (STOCK policy),
        // which the demo keeps held until someone reports stock or accepts them by hand.
        assertThat(demoRecords()).extracting(record -> record.value() instanceof OfferEvent event ? event.getSku()
                : ((StockChanged) record.value()).getSku()).doesNotContainAnyElementsOf(SANDBOX_ORDER_SKUS);
    }

    /** Each demo merchant's catalog as the publisher would hold it once the seed is read: no order touches it. */
    private static Map<String, MerchantCatalog> demoCatalogs() {
        Map<String, MerchantCatalog> catalogs = new TreeMap<>();
        Instant at = Instant.EPOCH;
        for (ProducerRecord<String, Object> record : demoRecords()) {
            if (record.value() instanceof OfferEvent event && event.getPayload() instanceof OfferUpserted offer) {
                catalog(catalogs, event.getMetadata().getMerchantId()).upsert(new Offer(event.getSku(),
                        offer.getModel(), offer.getBrand(), offer.getPrice(), offer.getCityPrices().stream()
                        .map(city -> new CityPrice(city.getCityId(), city.getPrice())).toList()), at);
            } else if (record.value() instanceof StockChanged stock) {
                // The figure order-command-service publishes for a report no order has drawn on yet.
                catalog(catalogs, stock.getMetadata().getMerchantId()).stock(stock.getSku(),
                        new StoreStock(stock.getStoreId(), stock.getStockCount(), stock.getAvailable(),
                                stock.getPreOrder()), at);
            }
        }
        return catalogs;
    }

    private static MerchantCatalog catalog(Map<String, MerchantCatalog> catalogs, String merchant) {
        return catalogs.computeIfAbsent(merchant, id -> new MerchantCatalog(new MerchantId(id)));
    }

    private static List<ProducerRecord<String, Object>> demoRecords() {
        return SendCommand.records(demoCatalogLines(), Clock.systemUTC());
    }

    /** Binds the {@code local} profile strictly: a key in the profile that binds to nothing fails. */
    private static PricelistProperties localProfile(Map<String, Object> environment) {
        return LocalProfile.bind("pricelist-publisher", PricelistProperties.class, environment);
    }
}
