package kz.kaspibridge.pricelist.catalog;

/**
 * What one store may sell of one sku: the available figure order-command-service publishes on
 * {@code kaspi.available-stock} (reported stock minus newer reservations), never recomputed here.
 *
 * @param available whether the store sells the sku at all ({@code available="yes"}); a store with no stock left
 *                  is shown as not available, but stays in the file
 * @param preOrder  days of pre-order, 0..30
 */
public record StoreStock(String storeId, int stockCount, boolean available, int preOrder) {

    /** What the file says: sellable only while the store is open for the sku and has a unit left. */
    public boolean sellable() {
        return available && stockCount > 0;
    }
}
