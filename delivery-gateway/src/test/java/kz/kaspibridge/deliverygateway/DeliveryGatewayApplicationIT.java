package kz.kaspibridge.deliverygateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import kz.kaspibridge.testsupport.ServiceChecks;
import java.util.List;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service starts against a real broker and registry, declares its topics and reports healthy. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeliveryGatewayApplicationIT {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        TestStack.register(registry);
        // Declared by their writers (order-command-service, webhook-ingress) in a real deployment.
        TestTopics.create(TestStack.bootstrapServers(), List.of(Topics.DELIVERY_COMMANDS.toNewTopic((short) 1),
                Topics.DELIVERY_STATUS_REPORTS.toNewTopic((short) 1)));
        registry.add("delivery-gateway.streams.application-id", () -> "delivery-gateway-app-it");
        registry.add("delivery-gateway.streams.state-dir", () -> System.getProperty("java.io.tmpdir") + "/delivery-gateway-app-it-" + ProcessHandle.current().pid());
    }

    @Test
    void startsHealthyAndDeclaresItsTopics() {
        HttpResponse<String> health = ServiceChecks.health(port);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"kafka\"").contains("\"streams\"");
        assertThat(ServiceChecks.topicNames()).contains("kaspi.delivery-events", "kaspi.delivery-commands-dlt",
                "kaspi.delivery-status-reports-dlt", "delivery-gateway.requests", "delivery-gateway.outcomes");
    }
}
