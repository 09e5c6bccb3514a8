package kz.kaspibridge.sandbox;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import kz.kaspibridge.sandbox.admin.SandboxAdmin;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the sandbox inside the current JVM on a free port, for tests of any module:
 *
 * <pre>{@code
 * try (KaspiSandbox sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults()
 *         .withWebhook(URI.create("http://localhost:" + port + "/hooks"), KaspiSandbox.DEFAULT_WEBHOOK_SECRET)
 *         .withClockScale(60))) {
 *     String shopApi = sandbox.shopApiUrl();            // http://localhost:PORT/shop/api/v2
 *     String deliveryApi = sandbox.deliveryApiUrl();    // http://localhost:PORT/delivery
 *     sandbox.admin().seedOrder(OrderSeed.forMerchant("m1"));
 * }
 * }</pre>
 *
 * <p>The sandbox runs as its own Spring application, isolated from the host's: it reads only
 * {@code kaspi-sandbox.yml}, never the host's {@code application.yml}, and switches off every
 * auto-configuration that is not part of its own stack (Kafka, JDBC, Spring Cloud… on the host's
 * test classpath stay out of it).
 */
public final class KaspiSandbox implements AutoCloseable {

    /** The signing secret used when none is given: sandbox-only, fake by construction. */
    public static final String DEFAULT_WEBHOOK_SECRET = "whsec_c2FuZGJveC13ZWJob29rLXNlY3JldC0wMQ==";

    /** A merchant of the sandbox and its Shop API token. */
    public record Merchant(String id, String token) {
        @Override
        public String toString() {
            return "Merchant[id=" + id + ", token=***]";
        }
    }

    /**
     * How to start it; begin with {@link #defaults()} and change what the test needs.
     *
     * @param merchants             merchants and tokens ({@code m1}/{@code sandbox-token-m1}, m2, m3 by default)
     * @param deliveryApiKey        the Delivery API's {@code x-api-key}
     * @param webhookUrl            where delivery webhooks go; null sends none
     * @param webhookSecret         {@code whsec_…} signing secret
     * @param clockScale            sandbox seconds per wall second
     * @param clockStart            sandbox time at start; null for now
     * @param waybillDelay          sandbox time from ASSEMBLE to the waybill URL
     * @param deliveryStep          sandbox time between delivery statuses
     * @param webhookInitialBackoff first webhook retry interval (doubles per attempt, 24 h span)
     * @param randomSeed            seed of generated data, fault dice and security codes
     * @param extraProperties       any other {@code kaspi-sandbox.*} or Spring property
     */
    public record Options(List<Merchant> merchants, String deliveryApiKey, URI webhookUrl, String webhookSecret,
                          double clockScale, Instant clockStart, Duration waybillDelay, Duration deliveryStep,
                          Duration webhookInitialBackoff, long randomSeed, Map<String, String> extraProperties) {

        public Options {
            merchants = List.copyOf(merchants);
            extraProperties = Map.copyOf(extraProperties);
        }

        public static Options defaults() {
            return new Options(List.of(new Merchant("m1", "sandbox-token-m1"), new Merchant("m2", "sandbox-token-m2"),
                    new Merchant("m3", "sandbox-token-m3")), "sandbox-delivery-key", null, DEFAULT_WEBHOOK_SECRET, 1.0,
                    null, Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofSeconds(10), 42L, Map.of());
        }

        public Options withMerchants(List<Merchant> value) {
            return new Options(value, deliveryApiKey, webhookUrl, webhookSecret, clockScale, clockStart,
                    waybillDelay, deliveryStep, webhookInitialBackoff, randomSeed, extraProperties);
        }

        public Options withDeliveryApiKey(String value) {
            return new Options(merchants, value, webhookUrl, webhookSecret, clockScale, clockStart,
                    waybillDelay, deliveryStep, webhookInitialBackoff, randomSeed, extraProperties);
        }

        public Options withWebhook(URI url, String secret) {
            return new Options(merchants, deliveryApiKey, url, secret, clockScale, clockStart,
                    waybillDelay, deliveryStep, webhookInitialBackoff, randomSeed, extraProperties);
        }

        public Options withClockScale(double value) {
            return new Options(merchants, deliveryApiKey, webhookUrl, webhookSecret, value, clockStart,
                    waybillDelay, deliveryStep, webhookInitialBackoff, randomSeed, extraProperties);
        }

        public Options withClockStart(Instant value) {
            return new Options(merchants, deliveryApiKey, webhookUrl, webhookSecret, clockScale, value,
                    waybillDelay, deliveryStep, webhookInitialBackoff, randomSeed, extraProperties);
        }

        public Options withWaybillDelay(Duration value) {
            return new Options(merchants, deliveryApiKey, webhookUrl, webhookSecret, clockScale, clockStart,
                    value, deliveryStep, webhookInitialBackoff, randomSeed, extraProperties);
        }

        public Options withDeliveryStep(Duration value) {
            return new Options(merchants, deliveryApiKey, webhookUrl, webhookSecret, clockScale, clockStart,
                    waybillDelay, value, webhookInitialBackoff, randomSeed, extraProperties);
        }

        public Options withWebhookInitialBackoff(Duration value) {
            return new Options(merchants, deliveryApiKey, webhookUrl, webhookSecret, clockScale, clockStart,
                    waybillDelay, deliveryStep, value, randomSeed, extraProperties);
        }

        public Options withRandomSeed(long value) {
            return new Options(merchants, deliveryApiKey, webhookUrl, webhookSecret, clockScale, clockStart,
                    waybillDelay, deliveryStep, webhookInitialBackoff, value, extraProperties);
        }

        /**
         * Kaspi's one-request-in-flight-per-token rule is on by default (a second request gets 429);
         * off, the sandbox answers every request and only measures concurrency.
         */
        public Options withConcurrencyRule(boolean enforced) {
            return withProperty("kaspi-sandbox.concurrency.enabled", Boolean.toString(enforced));
        }

        public Options withProperty(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(extraProperties);
            more.put(name, value);
            return new Options(merchants, deliveryApiKey, webhookUrl, webhookSecret, clockScale, clockStart,
                    waybillDelay, deliveryStep, webhookInitialBackoff, randomSeed, more);
        }
    }

    /** Auto-configurations of the sandbox's own stack; every other one on the classpath is excluded. */
    private static final List<String> OWN_AUTO_CONFIGURATION_PACKAGES = List.of(
            "org.springframework.boot.autoconfigure.",
            "org.springframework.boot.actuate.autoconfigure.",
            "org.springframework.boot.health.autoconfigure.",
            "org.springframework.boot.http.codec.autoconfigure.",
            "org.springframework.boot.jackson.autoconfigure.",
            "org.springframework.boot.micrometer.",
            "org.springframework.boot.netty.autoconfigure.",
            "org.springframework.boot.reactor.",
            "org.springframework.boot.validation.autoconfigure.",
            "org.springframework.boot.webflux.autoconfigure.",
            "kz.kaspibridge.schemas.spring.KaspiServiceAutoConfiguration"); // strict settings, application tag

    private final ConfigurableApplicationContext context;
    private final Options options;
    private final int port;

    private KaspiSandbox(ConfigurableApplicationContext context, Options options) {
        this.context = context;
        this.options = options;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
    }

    public static KaspiSandbox start() {
        return start(Options.defaults());
    }

    public static KaspiSandbox start(Options options) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(KaspiSandboxApplication.class)
                .main(KaspiSandboxApplication.class)
                .web(WebApplicationType.REACTIVE)
                .registerShutdownHook(false)
                .run(arguments(options));
        return new KaspiSandbox(context, options);
    }

    /** e.g. {@code http://localhost:41234} */
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** The Shop API root, as the client's base URL: {@code …/shop/api/v2}. */
    public String shopApiUrl() {
        return baseUrl() + "/shop/api/v2";
    }

    /** The Delivery API root, as the client's base URL: {@code …/delivery} (paths start with /v1). */
    public String deliveryApiUrl() {
        return baseUrl() + "/delivery";
    }

    public int port() {
        return port;
    }

    public Options options() {
        return options;
    }

    public SandboxAdmin admin() {
        return context.getBean(SandboxAdmin.class);
    }

    /** The token of a configured merchant, for the client under test. */
    public String tokenOf(String merchantId) {
        return options.merchants().stream().filter(m -> m.id().equals(merchantId)).map(Merchant::token)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown merchant: " + merchantId));
    }

    @Override
    public void close() {
        context.close();
    }

    // Command-line arguments outrank every other property source, kaspi-sandbox.yml included.
    private static String[] arguments(Options options) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.config.name", KaspiSandboxApplication.CONFIG_NAME);
        properties.put("server.port", "0");
        properties.put("server.address", "127.0.0.1");
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.jmx.enabled", "false");
        properties.put("spring.autoconfigure.exclude", foreignAutoConfigurations());
        for (int i = 0; i < options.merchants().size(); i++) {
            properties.put("kaspi-sandbox.merchants[" + i + "].id", options.merchants().get(i).id());
            properties.put("kaspi-sandbox.merchants[" + i + "].token", options.merchants().get(i).token());
        }
        properties.put("kaspi-sandbox.delivery.api-key", options.deliveryApiKey());
        properties.put("kaspi-sandbox.delivery.step-interval", options.deliveryStep().toString());
        if (options.webhookUrl() != null) {
            properties.put("kaspi-sandbox.webhook.url", options.webhookUrl().toString());
        }
        properties.put("kaspi-sandbox.webhook.secret", options.webhookSecret());
        properties.put("kaspi-sandbox.webhook.initial-backoff", options.webhookInitialBackoff().toString());
        properties.put("kaspi-sandbox.clock.scale", Double.toString(options.clockScale()));
        if (options.clockStart() != null) {
            properties.put("kaspi-sandbox.clock.start", options.clockStart().toString());
        }
        properties.put("kaspi-sandbox.waybill-delay", options.waybillDelay().toString());
        properties.put("kaspi-sandbox.seed-orders-per-merchant", "0");
        properties.put("kaspi-sandbox.random-seed", Long.toString(options.randomSeed()));
        properties.putAll(options.extraProperties());
        List<String> arguments = new ArrayList<>();
        properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return arguments.toArray(String[]::new);
    }

    private static String foreignAutoConfigurations() {
        ClassLoader loader = KaspiSandbox.class.getClassLoader();
        return StreamSupport.stream(ImportCandidates.load(AutoConfiguration.class, loader).spliterator(), false)
                .filter(name -> OWN_AUTO_CONFIGURATION_PACKAGES.stream().noneMatch(name::startsWith))
                .collect(Collectors.joining(","));
    }
}
