package kz.kaspibridge.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kz.kaspibridge.deploy.Tools;
import kz.kaspibridge.deploy.live.StackSettings;
import kz.kaspibridge.schemas.commands.OrderAccepted;
import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.common.DeliveryStatus;
import kz.kaspibridge.schemas.delivery.DeliveryEvent;
import kz.kaspibridge.schemas.delivery.DeliveryStatusChanged;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@link EndToEndIT}'s happy path again, in containers: Kafka from Testcontainers' Kafka module, and the registry,
 * the sandbox and the five services from the images and with the settings of {@code docker-compose.yml} (each
 * image built from {@code deploy/docker/Dockerfile} with the module's jar, as compose builds it). An order of the
 * AUTO merchant that it delivers itself goes from the sandbox to accepted, booked and, through the signed webhooks,
 * delivered.
 *
 * <p>It needs a Docker engine and is skipped without one (the development machines have none, so it has not been
 * run there): {@link EndToEndIT} proves the same path on every build, with the same code in one JVM.
 */
@Testcontainers(disabledWithoutDocker = true)
class EndToEndContainersIT {

    private static final Path ROOT = Tools.repository();
    private static final String VERSION = "0.1.0-SNAPSHOT";
    /** The listener the containers reach Kafka on; compose's {@code kafka:9092} is the Kafka module's own port. */
    private static final String KAFKA_INSIDE = "kafka:19092";
    private static final List<String> SERVICES = List.of("webhook-ingress", "order-poller", "order-command-service",
            "delivery-gateway", "pricelist-publisher");
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final List<GenericContainer<?>> containers = new ArrayList<>();
    private static Network network;
    private static ComposeServices compose;
    private static KafkaClientConfig kafka;
    private static GenericContainer<?> sandbox;

    @BeforeAll
    static void start() {
        network = Network.newNetwork();
        compose = ComposeServices.read(ROOT.resolve("docker-compose.yml"), secrets());
        KafkaContainer broker = new KafkaContainer(DockerImageName.parse(compose.image("kafka")))
                .withNetwork(network).withNetworkAliases("kafka").withListener(KAFKA_INSIDE);
        start(broker);
        GenericContainer<?> registry = new GenericContainer<>(DockerImageName.parse(compose.image("registry")))
                .withNetwork(network).withNetworkAliases("registry")
                .withEnv(inside(compose.environment("registry")))
                .withExposedPorts(compose.containerPort("registry"))
                .waitingFor(Wait.forHttp("/apis/ccompat/v7/subjects").forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(3)));
        start(registry);
        kafka = new KafkaClientConfig(broker.getBootstrapServers(),
                "http://" + registry.getHost() + ":" + registry.getMappedPort(compose.containerPort("registry")),
                true);
        sandbox = start(service("kaspi-sandbox"));
        SERVICES.forEach(name -> start(service(name)));
    }

    @AfterAll
    static void stop() {
        for (int i = containers.size() - 1; i >= 0; i--) {
            containers.get(i).stop();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void anOrderGoesFromKaspiThroughAcceptanceAndACourierToDelivered() throws Exception {
        String code = "82" + System.currentTimeMillis() % 100_000_000L;
        HttpResponse<String> seeded = sandboxAdmin("POST", "/orders", """
                {"merchantId":"merchant-1","code":"%s","deliveryMode":"DELIVERY_LOCAL","kaspiDelivery":false}"""
                .formatted(code));
        assertThat(seeded.statusCode()).as(seeded.body()).isBetween(200, 201);

        try (RecordReader<OrderCommandResult> results = reader(Topics.ORDER_RESULTS.name());
             RecordReader<DeliveryEvent> deliveries = reader(Topics.DELIVERY_EVENTS.name())) {
            results.await(r -> code.equals(r.key()) && r.value().getPayload() instanceof OrderAccepted, WAIT);
            assertThat(sandboxAdmin("GET", "/orders/" + code, null).body()).contains("ACCEPTED_BY_MERCHANT");
            deliveries.await(r -> code.equals(r.key()) && r.value().getPayload() instanceof DeliveryStatusChanged c
                    && c.getStatus() == DeliveryStatus.DELIVERED, WAIT);
            assertThat(deliveries.records().stream().filter(r -> code.equals(r.key()))
                    .map(r -> r.value().getPayload()).filter(DeliveryStatusChanged.class::isInstance)
                    .map(p -> ((DeliveryStatusChanged) p).getStatus()).toList())
                    .containsExactly(DeliveryStatus.CREATED, DeliveryStatus.ACCEPTED, DeliveryStatus.IN_TRANSIT,
                            DeliveryStatus.OUT_FOR_DELIVERY, DeliveryStatus.DELIVERED);
        }
        String counters = sandboxAdmin("GET", "/counters/" + code, null).body();
        assertThat(counters).contains("\"ORDER_ACCEPT\":1").contains("\"DELIVERY_CREATED\":1");
    }

    /** A container of compose's image for the service, built from the repository's Dockerfile and its jar. */
    private static GenericContainer<?> service(String name) {
        Map<String, String> args = compose.buildArgs(name);
        String module = args.get("MODULE");
        String jar = module + "/target/" + module + "-" + VERSION + "-exec.jar";
        ImageFromDockerfile image = new ImageFromDockerfile(compose.image(name), false)
                .withFileFromPath(jar, ROOT.resolve(jar))
                .withFileFromPath("deploy/docker/Dockerfile", ROOT.resolve(compose.dockerfile(name)))
                .withDockerfilePath("deploy/docker/Dockerfile")
                .withBuildArgs(args);
        return new GenericContainer<>(image).withNetwork(network).withNetworkAliases(name)
                .withEnv(inside(compose.environment(name)))
                .withExposedPorts(compose.containerPort(name))
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(3)));
    }

    /** Compose's environment, pointed at the Kafka module's listener for containers. */
    private static Map<String, String> inside(Map<String, String> environment) {
        Map<String, String> pointed = new LinkedHashMap<>(environment);
        pointed.replaceAll((name, value) -> value.replace("kafka:9092", KAFKA_INSIDE));
        return pointed;
    }

    private static <C extends GenericContainer<?>> C start(C container) {
        containers.add(container);
        container.start();
        return container;
    }

    private static HttpResponse<String> sandboxAdmin(String method, String path, String json)
            throws IOException, InterruptedException {
        int port = sandbox.getMappedPort(compose.containerPort("kaspi-sandbox"));
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://" + sandbox.getHost() + ":" + port + "/sandbox/admin" + path));
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static <V> RecordReader<V> reader(String topic) {
        return RecordReader.fromBeginning(topic, kafka.assignedReaderProperties("e2e-containers-" + topic));
    }

    /** What {@code .env} holds, made up for this run in the formats of deploy/compose.env.example. */
    private static Map<String, String> secrets() {
        List<String> merchants = List.of("merchant-1", "merchant-2", "merchant-3");
        StackSettings.Secrets secrets = StackSettings.Secrets.generate(merchants);
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < merchants.size(); i++) {
            env.put("KASPI_TOKEN_MERCHANT_" + (i + 1), secrets.token(merchants.get(i)));
        }
        env.put("KASPI_DELIVERY_API_KEY", secrets.deliveryApiKey());
        env.put("KASPI_WEBHOOK_SECRET", secrets.webhookSecret());
        env.put("PRICELIST_PASSWORD_MERCHANT_3", secrets.feedPassword());
        return env;
    }
}
