package kz.kaspibridge.pricelist.feed;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import kz.kaspibridge.pricelist.catalog.MerchantId;
import kz.kaspibridge.pricelist.catalog.OfferRule;

/**
 * The price list's meters, per merchant (bounded: the merchants with offers) and rule (an enum):
 * <ul>
 *   <li>{@code kaspi.pricelist.feed.age}: seconds the served file lags behind the catalog (0 while it shows every
 *       change read; grows while builds are held back, by the debounce or by an invalid file);</li>
 *   <li>{@code kaspi.pricelist.offers}, {@code kaspi.pricelist.bytes}: of the served file;</li>
 *   <li>{@code kaspi.pricelist.excluded{rule}}: offers the last build left out, per rule broken;</li>
 *   <li>{@code kaspi.pricelist.rebuild{outcome}}: build time, per outcome (published, unchanged, invalid,
 *       failed), so the count of {@code invalid} says how often a file was held back;</li>
 *   <li>{@code kaspi.pricelist.published.time}: when the served file was built (epoch seconds).</li>
 * </ul>
 */
final class FeedMetrics {

    private final MeterRegistry meters;
    private final ServedFeeds served;
    private final Clock clock;
    private final Set<MerchantId> tracked = ConcurrentHashMap.newKeySet();
    private final Map<MerchantId, Map<OfferRule, AtomicInteger>> excluded = new ConcurrentHashMap<>();

    FeedMetrics(MeterRegistry meters, ServedFeeds served, Clock clock) {
        this.meters = meters;
        this.served = served;
        this.clock = clock;
    }

    /** Registers the merchant's gauges the first time it is built. */
    void track(MerchantId merchant) {
        if (!tracked.add(merchant)) {
            return;
        }
        String tag = merchant.value();
        Gauge.builder("kaspi.pricelist.feed.age", served, s -> s.behindSince(merchant)
                        .map(since -> Math.max(0, Duration.between(since, clock.instant()).toMillis()) / 1000.0)
                        .orElse(0.0))
                .description("Seconds the served price list lags behind the catalog (0 when it shows every change)")
                .baseUnit("seconds").tag("merchant", tag).register(meters);
        Gauge.builder("kaspi.pricelist.offers", served, s -> s.feed(merchant).map(Feed::offers).orElse(0))
                .description("Offers in the served price list").tag("merchant", tag).register(meters);
        Gauge.builder("kaspi.pricelist.bytes", served, s -> s.feed(merchant).map(Feed::bytes).orElse(0L))
                .description("Size of the served price list").baseUnit("bytes").tag("merchant", tag).register(meters);
        Gauge.builder("kaspi.pricelist.published.time", served,
                        s -> s.feed(merchant).map(f -> f.builtAt().toEpochMilli() / 1000.0).orElse(0.0))
                .description("When the served price list was built (epoch seconds)").baseUnit("seconds")
                .tag("merchant", tag).register(meters);
        Map<OfferRule, AtomicInteger> byRule = new ConcurrentHashMap<>();
        for (OfferRule rule : OfferRule.values()) {
            AtomicInteger count = new AtomicInteger();
            byRule.put(rule, count);
            Gauge.builder("kaspi.pricelist.excluded", count, AtomicInteger::get)
                    .description("Offers the last build left out, per rule broken")
                    .tags("merchant", tag, "rule", rule.code()).register(meters);
        }
        excluded.put(merchant, byRule);
    }

    void excluded(MerchantId merchant, Map<OfferRule, Integer> byRule) {
        excluded.get(merchant).forEach((rule, count) -> count.set(byRule.getOrDefault(rule, 0)));
    }

    void built(MerchantId merchant, String outcome, Timer.Sample sample) {
        sample.stop(Timer.builder("kaspi.pricelist.rebuild").description("Price list builds, by outcome")
                .tags("merchant", merchant.value(), "outcome", outcome).register(meters));
    }

    void published(Feed feed) {
        Counter.builder("kaspi.pricelist.published").description("New price list files served")
                .tag("merchant", feed.merchant().value()).register(meters).increment();
    }
}
