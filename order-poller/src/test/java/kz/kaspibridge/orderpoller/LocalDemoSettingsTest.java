package kz.kaspibridge.orderpoller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import kz.kaspibridge.orderpoller.config.OrderPollerProperties;
import kz.kaspibridge.testsupport.LocalProfile;
import org.junit.jupiter.api.Test;

/**
 * The demo {@code ./run-local} seeds and the poller's {@code local} profile agree: the same merchants,
 * the tokens the launcher generates, and every seeded order inside the first-start window.
 */
class LocalDemoSettingsTest {

    /**
     * The poller starts after the seed (tens of seconds on a busy laptop) and measures its lookback from
     * its own start: the oldest order must be younger than the lookback by more than that.
     */
    private static final Duration MARGIN = Duration.ofHours(12);

    private final LocalDemo demo = LocalDemo.seed();

    @Test
    void theLauncherSeedsOrdersForExactlyTheMerchantsTheLocalPollerPolls() {
        OrderPollerProperties poller = LocalDemo.pollerLocalProfile(Map.of());

        assertThat(poller.merchants()).extracting(OrderPollerProperties.Merchant::id)
                .containsExactlyElementsOf(demo.merchants());
        assertThat(demo.totalOrders()).isEqualTo(150);
    }

    @Test
    void everySeededOrderIsInsideEachMerchantsFirstStartLookbackWithMargin() {
        OrderPollerProperties poller = LocalDemo.pollerLocalProfile(Map.of());

        assertThat(poller.merchants()).isNotEmpty().allSatisfy(merchant ->
                assertThat(merchant.firstStartLookback())
                        .as("first-start-lookback of %s against the seed span %s in %s", merchant.id(),
                                demo.seedSpan(), LocalProfile.DEMO_ENV)
                        .isGreaterThanOrEqualTo(demo.seedSpan().plus(MARGIN)));
    }

    @Test
    void theLocalPollerReadsEachMerchantsTokenFromTheVariableTheLauncherGenerates() {
        Map<String, Object> environment = new LinkedHashMap<>();
        demo.merchants().forEach(id -> environment.put(LocalProfile.tokenVariable(id), "fake-token-of-" + id));

        OrderPollerProperties poller = LocalDemo.pollerLocalProfile(environment);

        assertThat(poller.merchants()).allSatisfy(merchant ->
                assertThat(merchant.resolveToken()).isEqualTo("fake-token-of-" + merchant.id()));
    }
}
