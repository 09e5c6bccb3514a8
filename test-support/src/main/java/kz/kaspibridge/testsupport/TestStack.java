package kz.kaspibridge.testsupport;

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
}
