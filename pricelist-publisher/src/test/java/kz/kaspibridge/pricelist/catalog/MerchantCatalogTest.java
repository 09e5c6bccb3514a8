package kz.kaspibridge.pricelist.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerchantCatalogTest {

    private static final Instant T = Instant.parse("2026-12-06T09:00:00Z");

    @Test
    void offersComeInSkuOrderWithTheirStoresInStoreOrderAndStockWaitsForItsOffer() {
        MerchantCatalog catalog = new MerchantCatalog(new MerchantId("m1"));
        catalog.stock("B2", new StoreStock("PP2", 1, true, 0), T);
        catalog.stock("B2", new StoreStock("PP1", 4, true, 0), T);
        catalog.upsert(new Offer("B2", "M", "B", 1L, List.of()), T);
        catalog.upsert(new Offer("A1", "M", "B", 1L, List.of()), T);
        catalog.stock("B2", new StoreStock("PP2", 0, false, 0), T.plusSeconds(5));

        List<String> seen = new ArrayList<>();
        for (CatalogEntry entry : catalog.entries()) {
            seen.add(entry.offer().sku() + ":" + String.join(",", Arrays.stream(entry.stores())
                    .map(s -> s.storeId() + "=" + s.stockCount()).toList()));
        }
        assertThat(seen).containsExactly("A1:", "B2:PP1=4,PP2=0");
        assertThat(catalog.lastChange()).isEqualTo(T.plusSeconds(5));
    }

    @Test
    void aRemovedOfferKeepsItsStockForWhenItComesBack() {
        MerchantCatalog catalog = new MerchantCatalog(new MerchantId("m1"));
        catalog.upsert(new Offer("A1", "M", "B", 1L, List.of()), T);
        catalog.stock("A1", new StoreStock("PP1", 3, true, 0), T);
        catalog.remove("A1", T.plusSeconds(1));
        assertThat(catalog.offerCount()).isZero();
        catalog.upsert(new Offer("A1", "M", "B", 1L, List.of()), T.plusSeconds(2));
        List<Integer> stock = new ArrayList<>();
        catalog.entries().forEach(entry -> stock.add(entry.stores()[0].stockCount()));
        assertThat(stock).containsExactly(3);
    }

    @Test
    void theDateIsTheNewestRecordWhateverTheOrderTheyAreReadIn() {
        MerchantCatalog one = new MerchantCatalog(new MerchantId("m1"));
        one.stock("A1", new StoreStock("PP1", 3, true, 0), T.plusSeconds(9));
        one.upsert(new Offer("A1", "M", "B", 1L, List.of()), T);
        MerchantCatalog other = new MerchantCatalog(new MerchantId("m1"));
        other.upsert(new Offer("A1", "M", "B", 1L, List.of()), T);
        other.stock("A1", new StoreStock("PP1", 3, true, 0), T.plusSeconds(9));
        assertThat(one.lastChange()).isEqualTo(other.lastChange()).isEqualTo(T.plusSeconds(9));
    }
}
