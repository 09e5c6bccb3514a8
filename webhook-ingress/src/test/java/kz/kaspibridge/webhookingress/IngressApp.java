package kz.kaspibridge.webhookingress;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.testsupport.TestStack;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.awaitility.Awaitility;

/**
 * One running webhook-ingress, started in-process on a random port against the test broker and
 * registry, with two merchants: {@code demo} (old and new secret, for rotation) and {@code other}.
 */
public final class IngressApp implements AutoCloseable {

    public static final String DEMO_PATH = "/webhooks/kaspi/delivery";
    public static final String OTHER_PATH = "/webhooks/kaspi/delivery/other";

    private final ConfigurableApplicationContext context;

    private IngressApp(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static IngressApp start(Map<String, Object> overrides) {
        return start(TestStack.bootstrapServers(), overrides);
    }

    public static IngressApp start(String bootstrapServers, Map<String, Object> overrides) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("server.port", 0);
        props.put("kaspi.kafka.bootstrap-servers", bootstrapServers);
        props.put("kaspi.kafka.registry-url", TestStack.registryUrl());
        props.put("kaspi.kafka.replication-factor", 1);
        props.put("webhook-ingress.merchants[0].merchant-id", "demo");
        props.put("webhook-ingress.merchants[0].path", DEMO_PATH);
        props.put("webhook-ingress.merchants[0].secrets", SignedWebhooks.OLD_SECRET + "," + SignedWebhooks.NEW_SECRET);
        props.put("webhook-ingress.merchants[1].merchant-id", "other");
        props.put("webhook-ingress.merchants[1].path", OTHER_PATH);
        props.put("webhook-ingress.merchants[1].secrets", SignedWebhooks.OTHER_MERCHANT_SECRET);
        props.put("webhook-ingress.rate-limit.requests-per-second", 100_000);
        props.put("webhook-ingress.rate-limit.burst", 100_000);
        props.put("logging.level.kz.kaspibridge.webhookingress", "WARN");
        props.putAll(overrides);
        // As command-line arguments: they must override application.yml, which default properties do not.
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(WebhookIngressApplication.class).run(args);
        IngressApp app = new IngressApp(context);
        app.awaitReady();
        return app;
    }

    public void awaitReady() {
        HealthIndicator dedup = context.getBean("dedupStore", HealthIndicator.class);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> Status.UP.equals(dedup.health().getStatus()));
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public static KafkaClientConfig client() {
        return new KafkaClientConfig(TestStack.bootstrapServers(), TestStack.registryUrl(), true);
    }

    @Override
    public void close() {
        context.close();
    }
}
