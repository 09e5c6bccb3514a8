package kz.kaspibridge.pricelist.feed;

import java.util.List;
import kz.kaspibridge.pricelist.catalog.Violation;

/** An offer left out of a build, and every rule it breaks. */
public record ExcludedOffer(String sku, List<Violation> violations) {
}
