package kz.kaspibridge.orderpoller;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import kz.kaspibridge.orderpoller.config.OrderPollerProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The two halves of the {@code ./run-local} demo: what the launcher seeds into the sandbox
 * ({@code deploy/local/demo.env}, which run-local sources) and what the poller's {@code local} profile
 * polls ({@code application-local.yml}), each read from the file the launcher and the service use.
 */
record LocalDemo(List<String> merchants, int ordersPerMerchant, Duration seedSpan) {

    static final Path DEMO_ENV = Path.of("deploy", "local", "demo.env");

    /** The launcher's demo settings, from the repository root above the module. */
    static LocalDemo seed() {
        Path file = findUpwards(DEMO_ENV);
        Properties values = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            // KEY=VALUE lines and # comments: the subset of shell syntax both bash and Properties read alike.
            values.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        return new LocalDemo(
                Arrays.stream(required(values, "DEMO_MERCHANTS").split(",")).map(String::trim).toList(),
                Integer.parseInt(required(values, "DEMO_ORDERS_PER_MERCHANT")),
                Duration.ofHours(Long.parseLong(required(values, "DEMO_ORDER_SPAN_HOURS"))));
    }

    int totalOrders() {
        return ordersPerMerchant * merchants.size();
    }

    /** The environment variable run-local generates a merchant's token into (KASPI_TOKEN_MERCHANT_1, …). */
    static String tokenVariable(String merchantId) {
        return "KASPI_TOKEN_" + merchantId.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The poller's settings under the {@code local} profile, with the given environment. */
    static OrderPollerProperties pollerLocalProfile(Map<String, Object> environment) {
        try {
            List<PropertySource<?>> sources = new java.util.ArrayList<>();
            sources.add(new MapPropertySource("environment", environment));
            sources.addAll(new YamlPropertySourceLoader().load("local", new ClassPathResource("application-local.yml")));
            Binder binder = new Binder(ConfigurationPropertySources.from(sources),
                    new PropertySourcesPlaceholdersResolver(sources));
            return binder.bind("order-poller", OrderPollerProperties.class).get();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read application-local.yml", e);
        }
    }

    private static String required(Properties values, String key) {
        String value = values.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(DEMO_ENV + " has no " + key);
        }
        return value.trim();
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
