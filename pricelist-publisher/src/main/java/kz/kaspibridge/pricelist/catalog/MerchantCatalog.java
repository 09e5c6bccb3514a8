package kz.kaspibridge.pricelist.catalog;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One merchant's offers and the available stock of each sku per store, as last read from Kafka. Offers are kept in
 * sku order, so a build walks them in the order the file lists them; stock is kept per sku even before its offer
 * arrives (the merchant may send stock first), and it stays when an offer is removed, for when it comes back.
 *
 * <p>Not thread-safe: one thread applies records and builds files from it.
 */
public final class MerchantCatalog {

    private static final StoreStock[] NO_STORES = new StoreStock[0];
    private static final Comparator<StoreStock> BY_STORE = Comparator.comparing(StoreStock::storeId);

    private final MerchantId merchant;
    private final NavigableMap<String, Offer> offers = new TreeMap<>();
    private final Map<String, StoreStock[]> stock = new HashMap<>();
    private Instant lastChange = Instant.EPOCH;

    public MerchantCatalog(MerchantId merchant) {
        this.merchant = merchant;
    }

    public MerchantId merchant() {
        return merchant;
    }

    public void upsert(Offer offer, Instant at) {
        offers.put(offer.sku(), offer);
        changed(at);
    }

    public void remove(String sku, Instant at) {
        offers.remove(sku);
        changed(at);
    }

    /** Puts the figure of one store, replacing that store's previous one. */
    public void stock(String sku, StoreStock figure, Instant at) {
        StoreStock[] stores = stock.getOrDefault(sku, NO_STORES);
        for (int i = 0; i < stores.length; i++) {
            if (stores[i].storeId().equals(figure.storeId())) {
                StoreStock[] copy = stores.clone();
                copy[i] = figure;
                stock.put(sku, copy);
                changed(at);
                return;
            }
        }
        StoreStock[] grown = Arrays.copyOf(stores, stores.length + 1);
        grown[stores.length] = figure;
        Arrays.sort(grown, BY_STORE);
        stock.put(sku, grown);
        changed(at);
    }

    /**
     * The newest fact the catalog holds: the file's {@code date} and {@code Last-Modified}. Every record counts,
     * whatever order the partitions were read in, so the same records always give the same date, and a restart
     * gives the same file, byte for byte.
     */
    public Instant lastChange() {
        return lastChange;
    }

    public int offerCount() {
        return offers.size();
    }

    /**
     * Each offer in sku order with its stores, read as the loop goes (nothing copied): a plain loop, so a writer's
     * checked exceptions need no wrapping.
     */
    public Iterable<CatalogEntry> entries() {
        return () -> new Iterator<>() {
            private final Iterator<Offer> each = offers.values().iterator();

            @Override
            public boolean hasNext() {
                return each.hasNext();
            }

            @Override
            public CatalogEntry next() {
                Offer offer = each.next();
                return new CatalogEntry(offer, stock.getOrDefault(offer.sku(), NO_STORES));
            }
        };
    }

    private void changed(Instant at) {
        if (at.isAfter(lastChange)) {
            lastChange = at;
        }
    }
}
