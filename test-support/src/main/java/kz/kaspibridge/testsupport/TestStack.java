package kz.kaspibridge.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The broker and registry of this test JVM. Spring tests feed them in with
 * {@code @DynamicPropertySource}; plain tests call {@link #bootstrapServers()} and
 * {@link #registryUrl()} directly.
 */
public final class TestStack {

    private TestStack() {
    }

    public static String bootstrapServers() {
        return EmbeddedBroker.bootstrapServers();
    }

    public static String registryUrl() {
        return RegistryServer.shared().url();
    }

    /**
     * Points a Spring Boot test at this JVM's broker and registry, with replication factor 1:
     * {@code @DynamicPropertySource static void kafka(DynamicPropertyRegistry r) { TestStack.register(r); }}
     */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("kaspi.kafka.bootstrap-servers", TestStack::bootstrapServers);
        registry.add("kaspi.kafka.registry-url", TestStack::registryUrl);
        registry.add("kaspi.kafka.replication-factor", () -> "1");
    }

    /**
     * Command-line arguments for a service started in this JVM with {@code SpringApplicationBuilder.run}, as a
     * test that runs two instances or restarts one does: this JVM's broker and registry, replication factor 1,
     * a free port, no JMX or banner; then {@code settings}, which add or override.
     */
    public static String[] serviceArguments(Map<String, String> settings) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kaspi.kafka.bootstrap-servers", bootstrapServers());
        props.put("kaspi.kafka.registry-url", registryUrl());
        props.put("kaspi.kafka.replication-factor", "1");
        props.put("server.port", "0");
        props.put("spring.jmx.enabled", "false");
        props.put("spring.main.banner-mode", "off");
        props.putAll(settings);
        return props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }
}
