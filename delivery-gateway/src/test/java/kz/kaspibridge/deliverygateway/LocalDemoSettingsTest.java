package kz.kaspibridge.deliverygateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kz.kaspibridge.deliverygateway.config.DeliveryGatewayProperties;
import kz.kaspibridge.deliverygateway.config.DeliveryGatewayProperties.Merchant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The {@code local} profile ./run-local starts the gateway with ({@code application-local.yml}) and the demo the
 * launcher seeds ({@code deploy/local/demo.env}) agree: the demo deliveries are the first demo merchant's (the one
 * order-command-service's local profile books couriers for), and the gateway holds that merchant's Delivery API key,
 * taken from the variable the launcher generates for the sandbox too.
 */
class LocalDemoSettingsTest {

    private static final Path DEMO_ENV = Path.of("deploy", "local", "demo.env");

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
        assertThat(Integer.parseInt(demo().getProperty("DEMO_OWN_DELIVERY_ORDERS", "0").trim())).isPositive();
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
     * Binds strictly, as the service does at start-up: a key in the profile that binds to nothing fails. The
     * variables are read as environment variables ({@code DELIVERY_GATEWAY_STREAMS_STATE_DIR}), as run-local passes them.
     */
    private static DeliveryGatewayProperties localProfile(Map<String, Object> environment) {
        try {
            List<PropertySource<?>> sources = new ArrayList<>();
            sources.add(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    environment));
            sources.addAll(new YamlPropertySourceLoader().load("local", new ClassPathResource("application-local.yml")));
            Binder binder = new Binder(ConfigurationPropertySources.from(sources),
                    new PropertySourcesPlaceholdersResolver(sources));
            return binder.bind("delivery-gateway", Bindable.of(DeliveryGatewayProperties.class),
                    new NoUnboundElementsBindHandler(BindHandler.DEFAULT)).get();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read application-local.yml", e);
        }
    }

    private static List<String> demoMerchants() {
        return Arrays.stream(demo().getProperty("DEMO_MERCHANTS", "").split(",")).map(String::trim).toList();
    }

    private static Properties demo() {
        Path file = findUpwards(DEMO_ENV);
        Properties values = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            values.load(reader);  // KEY=VALUE and # comments: read alike by bash and Properties
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        return values;
    }

    private static Path findUpwards(Path relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
