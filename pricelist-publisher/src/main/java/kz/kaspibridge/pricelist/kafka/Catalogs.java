package kz.kaspibridge.pricelist.kafka;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import kz.kaspibridge.pricelist.catalog.CityPrice;
import kz.kaspibridge.pricelist.catalog.MerchantCatalog;
import kz.kaspibridge.pricelist.catalog.MerchantId;
import kz.kaspibridge.pricelist.catalog.Offer;
import kz.kaspibridge.pricelist.catalog.StoreStock;
import kz.kaspibridge.schemas.catalog.AvailableStock;
import kz.kaspibridge.schemas.catalog.OfferEvent;
import kz.kaspibridge.schemas.catalog.OfferUpserted;

/**
 * Every merchant's catalog, and the one mapping from the contract records into it. A record that cannot be
 * applied says why (a dead letter), instead of being applied wrongly.
 */
final class Catalogs {

    private final Map<MerchantId, MerchantCatalog> merchants = new TreeMap<>();

    Collection<MerchantCatalog> all() {
        return merchants.values();
    }

    Optional<MerchantCatalog> of(MerchantId merchant) {
        return Optional.ofNullable(merchants.get(merchant));
    }

    /**
     * Applies one {@code kaspi.offers} record.
     *
     * @return the merchant whose catalog changed
     * @throws Refused if the record's key is not {@code <merchant id>|<sku>} of its value (compaction would keep
     *                 the wrong record), or a removal's key names no merchant
     */
    MerchantId offer(String key, OfferEvent event, Instant recordTime) {
        if (event == null) {
            // A tombstone: the key is all there is.
            int bar = key == null ? -1 : key.indexOf('|');
            if (bar <= 0 || bar == key.length() - 1) {
                throw new Refused("a removal (null value) needs the key <merchant id>|<sku>, got " + key);
            }
            MerchantId merchant = new MerchantId(key.substring(0, bar));
            catalog(merchant).remove(key.substring(bar + 1), recordTime);
            return merchant;
        }
        MerchantId merchant = new MerchantId(event.getMetadata().getMerchantId());
        String expected = merchant.value() + "|" + event.getSku();
        if (!expected.equals(key)) {
            throw new Refused("the key must be <merchant id>|<sku> (" + expected + "), so that compaction keeps "
                    + "one offer per merchant and sku; got " + key);
        }
        Instant at = event.getMetadata().getOccurredAt();
        if (event.getPayload() instanceof OfferUpserted upserted) {
            catalog(merchant).upsert(new Offer(event.getSku(), upserted.getModel(), upserted.getBrand(),
                    upserted.getPrice(), upserted.getCityPrices().stream()
                    .map(city -> new CityPrice(city.getCityId(), city.getPrice())).toList()), at);
        } else {
            catalog(merchant).remove(event.getSku(), at);
        }
        return merchant;
    }

    /** Applies one {@code kaspi.available-stock} figure; returns the merchant whose catalog changed. */
    MerchantId stock(AvailableStock figure) {
        MerchantId merchant = new MerchantId(figure.getMetadata().getMerchantId());
        catalog(merchant).stock(figure.getSku(), new StoreStock(figure.getStoreId(), figure.getStockCount(),
                figure.getStoreAvailable(), figure.getPreOrder()), figure.getMetadata().getOccurredAt());
        return merchant;
    }

    private MerchantCatalog catalog(MerchantId merchant) {
        return merchants.computeIfAbsent(merchant, MerchantCatalog::new);
    }

    /** A record that is well formed but cannot be applied, and why. */
    static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason);
        }
    }
}
