package kz.kaspibridge.ordercommand;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import kz.kaspibridge.ordercommand.config.OrderCommandProperties;
import kz.kaspibridge.ordercommand.config.OrderCommandProperties.Merchant;
import kz.kaspibridge.ordercommand.policy.AcceptancePolicy;
import kz.kaspibridge.ordercommand.policy.WhenShort;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The {@code local} profile ./run-local starts this service with ({@code application-local.yml}) and the demo the
 * launcher seeds ({@code deploy/local/demo.env}) agree: one policy per demo merchant, every key bound, and each token
 * from the variable the launcher generates for the poller and the sandbox too.
 */
class LocalDemoSettingsTest {

    private static final Path DEMO_ENV = Path.of("deploy", "local", "demo.env");

    @Test
    void theLocalProfileGivesEachDemoMerchantOnePolicyAutoStockAndManual() {
        OrderCommandProperties settings = localProfile(Map.of());

        assertThat(settings.merchants()).extracting(Merchant::id).containsExactlyElementsOf(demoMerchants());
        assertThat(settings.merchants()).extracting(Merchant::policy)
                .containsExactly(AcceptancePolicy.AUTO, AcceptancePolicy.STOCK, AcceptancePolicy.MANUAL);
        assertThat(settings.kaspi().baseUrl()).isEqualTo(URI.create("http://127.0.0.1:18090/shop/api/v2"));
    }

    @Test
    void theAutoMerchantBooksItsOwnDeliveries() {
        Merchant auto = localProfile(Map.of()).merchants().get(0);

        assertThat(auto.pickup()).isNotNull();
        assertThat(auto.pickup().address()).isNotBlank();
    }

    @Test
    void demoOrdersWaitForAHumanRatherThanBeingCancelled() {
        List<Merchant> merchants = localProfile(Map.of()).merchants();

        // Nothing reports stock at start: STOCK orders wait for a report or a command, the demo keeps them.
        assertThat(merchants.get(1).whenShort()).isEqualTo(WhenShort.HOLD);
        // Held long enough to try a command by hand, and only reported when overdue.
        assertThat(merchants.get(2).manualDeadline()).isBetween(Duration.ofMinutes(5), Duration.ofHours(1));
        assertThat(merchants.get(2).cancelWhenOverdue()).isNull();
    }

    @Test
    void eachMerchantsTokenComesFromTheVariableTheLauncherGenerates() {
        Map<String, Object> environment = new LinkedHashMap<>();
        demoMerchants().forEach(id -> environment.put(tokenVariable(id), "fake-token-of-" + id));

        OrderCommandProperties settings = localProfile(environment);

        assertThat(settings.merchants()).allSatisfy(merchant -> {
            assertThat(merchant.isTokenSourceUnique()).isTrue();
            assertThat(merchant.resolveToken()).isEqualTo("fake-token-of-" + merchant.id());
            assertThat(merchant.toString()).doesNotContain(merchant.resolveToken());
        });
    }

    /** Binds strictly, as the service does at start-up: a key in the profile that binds to nothing fails. */
    private static OrderCommandProperties localProfile(Map<String, Object> environment) {
        try {
            List<PropertySource<?>> sources = new ArrayList<>();
            sources.add(new MapPropertySource("environment", environment));
            sources.addAll(new YamlPropertySourceLoader().load("local", new ClassPathResource("application-local.yml")));
            Binder binder = new Binder(ConfigurationPropertySources.from(sources),
                    new PropertySourcesPlaceholdersResolver(sources));
            return binder.bind("order-command-service", Bindable.of(OrderCommandProperties.class),
                    new NoUnboundElementsBindHandler(BindHandler.DEFAULT)).get();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read application-local.yml", e);
        }
    }

    /** The launcher's variable for a merchant's token: KASPI_TOKEN_MERCHANT_1, … (run-local's token_var). */
    private static String tokenVariable(String merchantId) {
        return "KASPI_TOKEN_" + merchantId.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static List<String> demoMerchants() {
        Path file = findUpwards(DEMO_ENV);
        Properties values = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            values.load(reader);  // KEY=VALUE and # comments: read alike by bash and Properties
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        return Arrays.stream(values.getProperty("DEMO_MERCHANTS", "").split(",")).map(String::trim).toList();
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
