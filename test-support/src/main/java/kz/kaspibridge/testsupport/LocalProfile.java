package kz.kaspibridge.testsupport;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
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
 * The two halves of the {@code ./run-local} demo, each read from the file the launcher and the service use: a
 * service's {@code local} profile ({@code application-local.yml} on the test classpath) and the demo the launcher
 * seeds ({@code deploy/local/demo.env} at the repository root, which run-local sources, and
 * {@code deploy/local/demo-catalog.txt}, the offers and stock it writes once the services are up).
 *
 * <p>Needs spring-boot and snakeyaml on the classpath; the services bring both.
 */
public final class LocalProfile {

    /** The launcher's demo settings, relative to the repository root. */
    public static final Path DEMO_ENV = Path.of("deploy", "local", "demo.env");

    /** The demo catalog the launcher writes with order-command-service's SendCommand, relative to the root. */
    public static final Path DEMO_CATALOG = Path.of("deploy", "local", "demo-catalog.txt");

    private static final String PROFILE = "application-local.yml";

    private LocalProfile() {
    }

    /**
     * The settings under {@code prefix} of the {@code local} profile, bound strictly: a key under the prefix that
     * binds to nothing fails, so a mistyped key in the profile fails the test instead of silently having no effect.
     * {@code environment} holds environment variables, read as Spring reads the real ones: they resolve the
     * profile's {@code ${VARIABLE:default}} placeholders and bind by their relaxed names too
     * ({@code DELIVERY_GATEWAY_STREAMS_STATE_DIR} sets {@code delivery-gateway.streams.state-dir}), as run-local
     * passes them.
     */
    public static <T> T bind(String prefix, Class<T> type, Map<String, Object> environment) {
        List<PropertySource<?>> sources = new ArrayList<>();
        sources.add(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                environment));
        try {
            sources.addAll(new YamlPropertySourceLoader().load("local", new ClassPathResource(PROFILE)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + PROFILE, e);
        }
        Binder binder = new Binder(ConfigurationPropertySources.from(sources),
                new PropertySourcesPlaceholdersResolver(sources));
        return binder.bind(prefix, Bindable.of(type), new NoUnboundElementsBindHandler(BindHandler.DEFAULT)).get();
    }

    /** {@code deploy/local/demo.env}, found in the working directory or the nearest one above it holding it. */
    public static Path demoEnvFile() {
        return repositoryFile(DEMO_ENV);
    }

    /** {@code deploy/local/demo-catalog.txt}, found like {@link #demoEnvFile()}. */
    public static Path demoCatalogFile() {
        return repositoryFile(DEMO_CATALOG);
    }

    /** The lines of the demo catalog (UTF-8), one SendCommand command each, with comments and blank lines. */
    public static List<String> demoCatalogLines() {
        Path file = demoCatalogFile();
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** A file of the repository, found in the working directory (a module's, under Maven) or the nearest above. */
    private static Path repositoryFile(Path relative) {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException(relative + " not found above " + start);
    }

    /** The launcher's demo settings, {@code deploy/local/demo.env}. */
    public static Properties demoEnv() {
        Path file = demoEnvFile();
        Properties values = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            values.load(reader);  // KEY=VALUE and # comments: the subset of shell syntax bash and Properties read alike
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        return values;
    }

    /** The sandbox's demo merchants, in order: {@code DEMO_MERCHANTS} of demo.env, which must name at least one. */
    public static List<String> demoMerchants() {
        String merchants = demoEnv().getProperty("DEMO_MERCHANTS", "");
        if (merchants.isBlank()) {
            throw new IllegalStateException(DEMO_ENV + " has no DEMO_MERCHANTS");
        }
        return Arrays.stream(merchants.split(",")).map(String::trim).toList();
    }

    /** The variable run-local generates a merchant's Shop API token into: KASPI_TOKEN_MERCHANT_1, … (token_var). */
    public static String tokenVariable(String merchantId) {
        return "KASPI_TOKEN_" + merchantId.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
