package kz.kaspibridge.testsupport;

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
}
