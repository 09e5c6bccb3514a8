package kz.kaspibridge.deploy.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kz.kaspibridge.deploy.live.StackSettings;
import kz.kaspibridge.deploy.live.WholeStack;
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

    static final String AUTO_MERCHANT = WholeStack.AUTO_MERCHANT;
    static final String STOCK_MERCHANT = WholeStack.STOCK_MERCHANT;
    private static final List<String> MERCHANTS = List.of(AUTO_MERCHANT, STOCK_MERCHANT);

    static final String ORDER_POLLER = "order-poller";
    static final String ORDER_COMMAND_SERVICE = "order-command-service";
    static final String DELIVERY_GATEWAY = "delivery-gateway";
    static final String WEBHOOK_INGRESS = "webhook-ingress";
    static final String PRICELIST_PUBLISHER = "pricelist-publisher";
    /** Every service, in the order they start (the ingress first: the sandbox sends it webhooks). */
    static final List<String> SERVICES = List.of(WEBHOOK_INGRESS, ORDER_POLLER, ORDER_COMMAND_SERVICE,
            DELIVERY_GATEWAY, PRICELIST_PUBLISHER);

    static final String WEBHOOK_PATH = StackSettings.WEBHOOK_PATH;
    static final Duration KASPI_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration START_WAIT = Duration.ofSeconds(180);

    private final StackSettings.Secrets secrets = StackSettings.Secrets.generate(MERCHANTS);
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
                .withMerchants(MERCHANTS.stream()
                        .map(merchant -> new KaspiSandbox.Merchant(merchant, secrets.token(merchant))).toList())
                .withWebhook(URI.create("http://127.0.0.1:" + ingressPort + WEBHOOK_PATH), secrets.webhookSecret())
                .withDeliveryApiKey(secrets.deliveryApiKey())
                .withDeliveryStep(Duration.ofSeconds(2))
                .withWebhookInitialBackoff(Duration.ofSeconds(1)));
        StackSettings wiring = new StackSettings(secrets, sandbox.shopApiUrl(), sandbox.deliveryApiUrl(), MERCHANTS,
                Optional.of(KASPI_TIMEOUT), true);
        Map<String, String> ingress = new LinkedHashMap<>(StackSettings.ingress(secrets));
        ingress.put("server.port", Integer.toString(ingressPort));
        settings.put(WEBHOOK_INGRESS, ingress);
        settings.put(ORDER_POLLER, wiring.poller());
        settings.put(ORDER_COMMAND_SERVICE, wiring.commands(directory("order-command-service-streams"), List.of()));
        settings.put(DELIVERY_GATEWAY, wiring.gateway(directory("delivery-gateway-streams")));
        settings.put(PRICELIST_PUBLISHER, wiring.publisher(directory("pricelist-feeds")));
        for (String service : SERVICES) {
            // One log per service and run: a restart appends to it, an earlier run's goes.
            deleteIfExists(Path.of("target", "resilience-" + service + ".log"));
            running.put(service, launch(service));
        }
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
        return secrets.webhookSecret();
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
}
