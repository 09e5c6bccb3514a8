package kz.kaspibridge.deploy.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.ServiceProcess;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;

/**
 * The five services as operating-system processes from their exec jars, wired as {@code WholeStack} wires them in
 * one JVM (its merchants, secrets and intervals), so that each can be killed with SIGKILL and started again with
 * the same settings. The sandbox stays in the test JVM: it stands in for Kaspi, which is not ours to kill. The
 * broker is one of its own ({@link BrokerProcess}), not the JVM's embedded one: the live checks' {@code WholeStack}
 * may still run on that one in the same JVM, with the same consumer groups, Streams application ids and topics, and
 * its services would take part of this run's work. The registry is {@link TestStack}'s.
 *
 * <p>Two differences from WholeStack, both so that every order reaches a decision without a human: the calls to
 * Kaspi time out after 5 s (not 30 s), so an injected TIMEOUT costs seconds, and the sandbox retries a webhook after
 * 1 s of its time (not 10 s).
 */
final class ProcessStack implements AutoCloseable {

    static final String AUTO_MERCHANT = "merchant-1";
    static final String STOCK_MERCHANT = "merchant-2";
    static final String STORE = "PP1";

    static final String ORDER_POLLER = "order-poller";
    static final String ORDER_COMMAND_SERVICE = "order-command-service";
    static final String DELIVERY_GATEWAY = "delivery-gateway";
    static final String WEBHOOK_INGRESS = "webhook-ingress";
    static final String PRICELIST_PUBLISHER = "pricelist-publisher";
    /** Every service, in the order they start (the ingress first: the sandbox sends it webhooks). */
    static final List<String> SERVICES = List.of(WEBHOOK_INGRESS, ORDER_POLLER, ORDER_COMMAND_SERVICE,
            DELIVERY_GATEWAY, PRICELIST_PUBLISHER);

    static final String WEBHOOK_PATH = "/webhooks/kaspi/delivery";
    static final Duration KASPI_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration START_WAIT = Duration.ofSeconds(180);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String webhookSecret = "whsec_" + Base64.getEncoder().encodeToString(bytes(32));
    private final String deliveryApiKey = "local-" + random(12);
    private final Map<String, String> tokens = Map.of(AUTO_MERCHANT, "local-" + random(18),
            STOCK_MERCHANT, "local-" + random(18));
    private final BrokerProcess broker = BrokerProcess.start();
    private final KafkaClientConfig kafka = new KafkaClientConfig(broker.bootstrapServers(),
            TestStack.registryUrl(), true);
    private final Map<String, Map<String, String>> settings = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> running = new LinkedHashMap<>();
    private final int ingressPort = ServiceProcess.freePort();
    private KaspiSandbox sandbox;
    private int kills;
    private int restarts;

    private ProcessStack() {
    }

    /** Starts the sandbox and every service, and returns once each is healthy (Streams ones: running). */
    static ProcessStack start() {
        ProcessStack stack = new ProcessStack();
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        // Every catalog topic first, as a deployment has them (a Streams application stops on a missing source).
        TestTopics.create(broker.bootstrapServers(),
                Topics.all().stream().map(topic -> topic.toNewTopic((short) 1)).toList());
        sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults()
                .withMerchants(List.of(new KaspiSandbox.Merchant(AUTO_MERCHANT, tokens.get(AUTO_MERCHANT)),
                        new KaspiSandbox.Merchant(STOCK_MERCHANT, tokens.get(STOCK_MERCHANT))))
                .withWebhook(URI.create("http://127.0.0.1:" + ingressPort + WEBHOOK_PATH), webhookSecret)
                .withDeliveryApiKey(deliveryApiKey)
                .withDeliveryStep(Duration.ofSeconds(2))
                .withWebhookInitialBackoff(Duration.ofSeconds(1)));
        settings.put(WEBHOOK_INGRESS, Map.of(
                "server.port", Integer.toString(ingressPort),
                "webhook-ingress.merchants[0].merchant-id", AUTO_MERCHANT,
                "webhook-ingress.merchants[0].path", WEBHOOK_PATH,
                "webhook-ingress.merchants[0].secrets", webhookSecret));
        settings.put(ORDER_POLLER, pollerSettings());
        settings.put(ORDER_COMMAND_SERVICE, commandSettings());
        settings.put(DELIVERY_GATEWAY, Map.of(
                "delivery-gateway.kaspi.base-url", sandbox.deliveryApiUrl(),
                "delivery-gateway.kaspi.timeout", KASPI_TIMEOUT.toSeconds() + "s",
                "delivery-gateway.merchants[0].id", AUTO_MERCHANT,
                "delivery-gateway.merchants[0].api-key", deliveryApiKey,
                "delivery-gateway.reconciliation.after", "1m",
                "delivery-gateway.streams.state-dir", directory("delivery-gateway-streams")));
        settings.put(PRICELIST_PUBLISHER, Map.of(
                "pricelist-publisher.feed-dir", directory("pricelist-feeds"),
                "pricelist-publisher.merchants[0].id", AUTO_MERCHANT,
                "pricelist-publisher.merchants[0].company", "Alma Electronics",
                "pricelist-publisher.merchants[1].id", STOCK_MERCHANT,
                "pricelist-publisher.merchants[1].company", "Astana Home & Garden",
                "pricelist-publisher.merchants[1].username", "kaspi",
                "pricelist-publisher.merchants[1].password", "local-" + random(18)));
        for (String service : SERVICES) {
            // One log per service and run: a restart appends to it, an earlier run's goes.
            deleteIfExists(Path.of("target", "resilience-" + service + ".log"));
            running.put(service, launch(service));
        }
    }

    private Map<String, String> pollerSettings() {
        Map<String, String> poller = new LinkedHashMap<>();
        poller.put("order-poller.kaspi.base-url", sandbox.shopApiUrl());
        poller.put("order-poller.kaspi.timeout", KASPI_TIMEOUT.toSeconds() + "s");
        poller.put("order-poller.kafka.partitions", "3");
        List<String> merchants = List.of(AUTO_MERCHANT, STOCK_MERCHANT);
        for (int i = 0; i < merchants.size(); i++) {
            String prefix = "order-poller.merchants[" + i + "].";
            poller.put(prefix + "id", merchants.get(i));
            poller.put(prefix + "token", tokens.get(merchants.get(i)));
            poller.put(prefix + "poll-interval", "1s");
            poller.put(prefix + "status-sync-interval", "2s");
            poller.put(prefix + "first-start-lookback", "3d");
        }
        return poller;
    }

    private Map<String, String> commandSettings() {
        Map<String, String> command = new LinkedHashMap<>();
        command.put("order-command-service.kaspi.base-url", sandbox.shopApiUrl());
        command.put("order-command-service.kaspi.timeout", KASPI_TIMEOUT.toSeconds() + "s");
        command.put("order-command-service.streams.state-dir", directory("order-command-service-streams"));
        command.put("order-command-service.streams.deadline-check", "10s");
        command.put("order-command-service.merchants[0].id", AUTO_MERCHANT);
        command.put("order-command-service.merchants[0].token", tokens.get(AUTO_MERCHANT));
        command.put("order-command-service.merchants[0].policy", "AUTO");
        command.put("order-command-service.merchants[0].default-store", STORE);
        command.put("order-command-service.merchants[0].pickup.address", "Almaty, Abay avenue 1 (demo warehouse)");
        command.put("order-command-service.merchants[0].pickup.contact-name", "Demo warehouse");
        command.put("order-command-service.merchants[0].pickup.contact-phone", "+77000000001");
        command.put("order-command-service.merchants[1].id", STOCK_MERCHANT);
        command.put("order-command-service.merchants[1].token", tokens.get(STOCK_MERCHANT));
        command.put("order-command-service.merchants[1].policy", "STOCK");
        command.put("order-command-service.merchants[1].when-short", "HOLD");
        command.put("order-command-service.merchants[1].manual-deadline", "15m");
        return command;
    }

    private ServiceProcess launch(String service) {
        Path jar = ServiceProcess.execJar(Path.of("..", service));
        boolean streams = service.equals(ORDER_COMMAND_SERVICE) || service.equals(DELIVERY_GATEWAY);
        Map<String, String> own = new LinkedHashMap<>(settings.get(service));
        own.put("kaspi.kafka.bootstrap-servers", broker.bootstrapServers());
        return ServiceProcess.start("resilience-" + service, jar, own, START_WAIT,
                body -> !streams || body.contains("RUNNING"));
    }

    /** SIGKILL, then a new process with the same settings (same application ids, same port, same state dir). */
    void killAndRestart(String service) {
        running.get(service).kill();
        kills++;
        running.put(service, launch(service));
        restarts++;
    }

    int kills() {
        return kills;
    }

    int restarts() {
        return restarts;
    }

    KaspiSandbox sandbox() {
        return sandbox;
    }

    /** The stack's own broker. */
    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    KafkaClientConfig kafka() {
        return kafka;
    }

    String webhookSecret() {
        return webhookSecret;
    }

    String ingressUrl() {
        return "http://127.0.0.1:" + ingressPort + WEBHOOK_PATH;
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String directory(String prefix) {
        try {
            return Files.createTempDirectory(prefix).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the services in reverse order (SIGTERM), then the sandbox. */
    @Override
    public void close() {
        List<String> names = new ArrayList<>(running.keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            running.get(names.get(i)).close();
        }
        running.clear();
        if (sandbox != null) {
            sandbox.close();
        }
        broker.close();
    }

    private static String random(int count) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(count));
    }

    private static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
