package kz.kaspibridge.ordercommand;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The settings every {@code @SpringBootTest} of the service against the sandbox needs: the broker and registry,
 * {@code kaspi.orders} (declared by the poller in a real deployment), its own Streams application id and state
 * directory, the sandbox's Shop API; and one merchant at a time.
 */
final class ServiceSettings {

    private ServiceSettings() {
    }

    static void register(DynamicPropertyRegistry registry, String applicationId, KaspiSandbox sandbox)
            throws IOException {
        TestStack.register(registry);
        TestTopics.create(TestStack.bootstrapServers(), List.of(Topics.ORDERS.toNewTopic((short) 1)));
        String stateDir = Files.createTempDirectory(applicationId).toString();
        registry.add("order-command-service.streams.state-dir", () -> stateDir);
        registry.add("order-command-service.streams.application-id", () -> applicationId);
        registry.add("order-command-service.kaspi.base-url", sandbox::shopApiUrl);
        registry.add("order-command-service.kaspi.timeout", () -> "5s");
    }

    /** {@code order-command-service.merchants[index]}: the merchant, its sandbox token and its policy. */
    static void merchant(DynamicPropertyRegistry registry, int index, String id, KaspiSandbox sandbox, String policy) {
        String prefix = "order-command-service.merchants[" + index + "].";
        registry.add(prefix + "id", () -> id);
        registry.add(prefix + "token", () -> sandbox.tokenOf(id));
        registry.add(prefix + "policy", () -> policy);
    }
}
