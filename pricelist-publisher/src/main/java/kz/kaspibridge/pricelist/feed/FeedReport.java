package kz.kaspibridge.pricelist.feed;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import kz.kaspibridge.pricelist.catalog.MerchantId;

/**
 * What the merchant needs to fix their data without reading logs: the offers the last build left out and why, and
 * the file being served.
 *
 * @param served          the file served now (null before the first valid build)
 * @param excluded        offers left out by the last build, in sku order, at most the configured number
 * @param excludedCount   all offers left out by the last build
 * @param excludedByRule  per rule code, offers left out for breaking it
 * @param lastBuildAt     when the last build finished, valid or not
 * @param lastFailure     why the last build was not served (null when it was)
 */
public record FeedReport(MerchantId merchant, Feed served, List<ExcludedOffer> excluded, int excludedCount,
                         Map<String, Integer> excludedByRule, Instant lastBuildAt, String lastFailure) {
}
