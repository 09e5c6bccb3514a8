package kz.kaspibridge.deploy.live;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import kz.kaspibridge.deliverygateway.DeliveryGatewayApplication;
import kz.kaspibridge.ordercommand.OrderCommandServiceApplication;
import kz.kaspibridge.orderpoller.OrderPollerApplication;
import kz.kaspibridge.pricelist.PricelistPublisherApplication;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RunningService;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import kz.kaspibridge.webhookingress.WebhookIngressApplication;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * The whole system in this test JVM, wired as {@code ./run-local} wires it (its {@code module_env} and each
 * service's {@code local} profile): this JVM's broker and registry, the Kaspi sandbox, and every service on a free
 * port, each with its own {@code application.yml}. Three merchants in Kaspi keep it small: {@link #AUTO_MERCHANT}
 * (AUTO, with the pickup point its own deliveries start from; the one merchant of delivery-gateway and
 * webhook-ingress, like run-local's merchant-1), {@link #STOCK_MERCHANT} (STOCK, holding an order while stock is
 * short, like merchant-2; its price list is the one behind Basic auth) and {@link #STOCK_CANCEL_MERCHANT} (STOCK,
 * cancelling an order its stock cannot cover, for the end-to-end tests). Tokens, the Delivery API key and the
 * webhook secret are generated at start, as run-local generates them, so both sides of each use the same value.
 *
 * <p>Intervals are shorter than run-local's where a test would otherwise wait: the sandbox moves a delivery every
 * 2 s (run-local: 20 s), the poller polls every second and syncs statuses every 2 s (2 s and 10 s).
 */
public final class WholeStack implements AutoCloseable {

    public static final String AUTO_MERCHANT = "merchant-1";
    public static final String STOCK_MERCHANT = "merchant-2";
    /** A MANUAL merchant of order-command-service alone: its orders wait for a command (none are seeded). */
    public static final String MANUAL_MERCHANT = "merchant-3";
    /** STOCK, cancelling {@code MERCHANT_OUT_OF_STOCK} when short; orders draw on the pickup point Kaspi names. */
    public static final String STOCK_CANCEL_MERCHANT = "merchant-4";
    /** The store the AUTO merchant's stock is reported for. */
    public static final String STORE = "PP1";
    /** The user of the STOCK merchant's price list (Basic auth); its password is {@link #feedPassword()}. */
    public static final String FEED_USER = "kaspi";

    public static final String KASPI_SANDBOX = "kaspi-sandbox";
    public static final String ORDER_POLLER = "order-poller";
    public static final String ORDER_COMMAND_SERVICE = "order-command-service";
    public static final String DELIVERY_GATEWAY = "delivery-gateway";
    public static final String WEBHOOK_INGRESS = "webhook-ingress";
    public static final String PRICELIST_PUBLISHER = "pricelist-publisher";

    private static final Duration READY_WAIT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** The merchants the sandbox knows (the MANUAL one is order-command-service's alone). */
    private static final List<String> KASPI_MERCHANTS = List.of(AUTO_MERCHANT, STOCK_MERCHANT, STOCK_CANCEL_MERCHANT);

    private final StackSettings.Secrets secrets = StackSettings.Secrets.generate(List.of(AUTO_MERCHANT,
            STOCK_MERCHANT, STOCK_CANCEL_MERCHANT, MANUAL_MERCHANT));
    private final KafkaClientConfig kafka = new KafkaClientConfig(TestStack.bootstrapServers(),
            TestStack.registryUrl(), true);
    private final Map<String, RunningService> services = new LinkedHashMap<>();
    private final List<Path> directories = new ArrayList<>();
    private KaspiSandbox sandbox;

    private WholeStack() {
    }

    /** Starts everything and returns once every component is ready (and both Streams applications run). */
    public static WholeStack start() {
        WholeStack stack = new WholeStack();
        try {
            stack.startAll();
            stack.awaitReady();
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        // Every catalog topic first, as a deployment has them: the services declare only the topics they write,
        // and a Streams application whose source topic is missing stops instead of waiting for it.
        TestTopics.create(TestStack.bootstrapServers(),
                Topics.all().stream().map(topic -> topic.toNewTopic((short) 1)).toList());
        // The ingress first: the sandbox is given its URL as the webhook target.
        start(WEBHOOK_INGRESS, WebhookIngressApplication.class, StackSettings.ingress(secrets));
        sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults()
                .withMerchants(KASPI_MERCHANTS.stream()
                        .map(merchant -> new KaspiSandbox.Merchant(merchant, secrets.token(merchant))).toList())
                .withWebhook(URI.create(url(WEBHOOK_INGRESS, StackSettings.WEBHOOK_PATH)), secrets.webhookSecret())
                .withDeliveryApiKey(secrets.deliveryApiKey())
                .withDeliveryStep(Duration.ofSeconds(2)));
        StackSettings settings = new StackSettings(secrets, sandbox.shopApiUrl(), sandbox.deliveryApiUrl(),
                KASPI_MERCHANTS, Optional.empty(), true);
        start(ORDER_POLLER, OrderPollerApplication.class, settings.poller());
        start(ORDER_COMMAND_SERVICE, OrderCommandServiceApplication.class,
                settings.commands(directory("order-command-service-streams"), List.of(MANUAL_MERCHANT)));
        start(DELIVERY_GATEWAY, DeliveryGatewayApplication.class,
                settings.gateway(directory("delivery-gateway-streams")));
        start(PRICELIST_PUBLISHER, PricelistPublisherApplication.class,
                settings.publisher(directory("pricelist-feeds")));
    }

    private void start(String name, Class<?> application, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        // The consumer-group and dead-letter gauges every 2 s, not 30: the test scrapes within seconds.
        all.put("kaspi.kafka.watch.interval", "2s");
        services.put(name, RunningService.start(application, all));
    }

    private void awaitReady() {
        for (String name : ports().keySet()) {
            await().atMost(READY_WAIT).pollInterval(Duration.ofMillis(250)).alias(name + " ready")
                    .until(() -> get(name, "/actuator/health/readiness").statusCode() == 200);
        }
        for (String name : List.of(ORDER_COMMAND_SERVICE, DELIVERY_GATEWAY)) {
            await().atMost(READY_WAIT).pollInterval(Duration.ofMillis(250)).alias(name + " Streams running")
                    .until(() -> streamsState(name) == KafkaStreams.State.RUNNING);
        }
    }

    private KafkaStreams.State streamsState(String name) {
        KafkaStreams streams = service(name).bean(StreamsBuilderFactoryBean.class).getKafkaStreams();
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    /** The sandbox and every service, by name (Prometheus's job names too), in start order, with its HTTP port. */
    public Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put(KASPI_SANDBOX, sandbox.port());
        services.forEach((name, service) -> ports.put(name, service.port()));
        return ports;
    }

    public KaspiSandbox sandbox() {
        return sandbox;
    }

    /** A running service by name, for its beans (meters, Streams). */
    public RunningService service(String name) {
        RunningService service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service " + name + "; there are " + services.keySet());
        }
        return service;
    }

    /** Producer and reader settings of this JVM's broker and registry, for the catalog's topics. */
    public KafkaClientConfig kafka() {
        return kafka;
    }

    /** The token the sandbox accepts for the merchant, and the poller and order-command-service send. */
    public String token(String merchant) {
        return secrets.token(merchant);
    }

    /** The password of {@link #STOCK_MERCHANT}'s price list. */
    public String feedPassword() {
        return secrets.feedPassword();
    }

    /** {@code http://127.0.0.1:<port><path>} of a component. */
    public String url(String name, String path) {
        int port = name.equals(KASPI_SANDBOX) ? sandbox.port() : service(name).port();
        return "http://127.0.0.1:" + port + path;
    }

    /** GET on a component. */
    public HttpResponse<String> get(String name, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url(name, path))).timeout(Duration.ofSeconds(15))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " on " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String directory(String prefix) {
        try {
            Path directory = Files.createTempDirectory(prefix);
            directories.add(directory);
            return directory.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the services in reverse order, then the sandbox; the broker and registry stay for the JVM. */
    @Override
    public void close() {
        List<String> names = new ArrayList<>(services.keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            closeQuietly(services.get(names.get(i)));
            if (names.get(i).equals(ORDER_POLLER)) {
                closeQuietly(sandbox);  // after the services that call it, before the ingress it calls
            }
        }
        services.clear();
        for (Path directory : directories) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind fails nothing
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // close the rest anyway
        }
    }
}
