package kz.kaspibridge.deliverygateway;

import static kz.kaspibridge.testsupport.LocalProfile.demoEnv;
import static kz.kaspibridge.testsupport.LocalProfile.demoMerchants;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import kz.kaspibridge.deliverygateway.config.DeliveryGatewayProperties;
import kz.kaspibridge.deliverygateway.config.DeliveryGatewayProperties.Merchant;
import kz.kaspibridge.testsupport.LocalProfile;
import org.junit.jupiter.api.Test;

/**
 * The {@code local} profile ./run-local starts the gateway with ({@code application-local.yml}) and the demo the
 * launcher seeds ({@code deploy/local/demo.env}) agree: the demo deliveries are the first demo merchant's (the one
 * order-command-service's local profile books couriers for), and the gateway holds that merchant's Delivery API key,
 * taken from the variable the launcher generates for the sandbox too.
 */
class LocalDemoSettingsTest {

    @Test
    void theLocalProfileBindsStrictlyAndBooksTheDemoDeliveriesMerchantOnTheSandbox() {
        DeliveryGatewayProperties settings = localProfile(Map.of());

        assertThat(settings.merchants()).extracting(Merchant::id).containsExactly(demoMerchants().get(0));
        assertThat(settings.kaspi().baseUrl()).isEqualTo(URI.create("http://127.0.0.1:18090/delivery"));
        // The sandbox moves a delivery every 20 s: a lost webhook must be caught up well within the demo.
        assertThat(settings.reconciliation().after()).isLessThan(settings.streams().retention());
        assertThat(settings.reconciliation().check()).isLessThanOrEqualTo(settings.reconciliation().after());
    }

    @Test
    void theDemoSeedsOrdersTheMerchantDeliversItself() {
        assertThat(Integer.parseInt(demoEnv().getProperty("DEMO_OWN_DELIVERY_ORDERS", "0").trim())).isPositive();
    }

    @Test
    void theMerchantsApiKeyComesFromTheVariableTheLauncherGenerates() {
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("KASPI_DELIVERY_API_KEY", "fake-delivery-key");
        environment.put("KASPI_DELIVERY_API_URL", "http://127.0.0.1:28090/delivery");

        DeliveryGatewayProperties settings = localProfile(environment);

        Merchant merchant = settings.merchants().get(0);
        assertThat(merchant.isKeySourceUnique()).isTrue();
        assertThat(merchant.resolveApiKey()).isEqualTo("fake-delivery-key");
        assertThat(merchant.toString()).doesNotContain("fake-delivery-key");
        assertThat(settings.kaspi().baseUrl()).isEqualTo(URI.create("http://127.0.0.1:28090/delivery"));
    }

    @Test
    void theStateDirectoryTheLauncherSetsBinds() {
        // run-local keeps the RocksDB stores in .local/, so that --reset clears them with the broker.
        DeliveryGatewayProperties settings = localProfile(
                Map.of("DELIVERY_GATEWAY_STREAMS_STATE_DIR", "/tmp/kaspi-bridge/.local/delivery-gateway-streams"));

        assertThat(settings.streams().stateDirectory())
                .isEqualTo(Path.of("/tmp/kaspi-bridge/.local/delivery-gateway-streams"));
    }

    /**
     * Binds the {@code local} profile strictly: a key in the profile that binds to nothing fails. The variables are
     * read as environment variables ({@code DELIVERY_GATEWAY_STREAMS_STATE_DIR}), as run-local passes them.
     */
    private static DeliveryGatewayProperties localProfile(Map<String, Object> environment) {
        return LocalProfile.bind("delivery-gateway", DeliveryGatewayProperties.class, environment);
    }
}
