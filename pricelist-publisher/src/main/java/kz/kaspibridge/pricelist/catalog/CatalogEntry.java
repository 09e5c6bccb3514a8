package kz.kaspibridge.pricelist.catalog;

/** One offer of a catalog with its stores in store order (empty when none has reported stock). */
public record CatalogEntry(Offer offer, StoreStock[] stores) {
}
