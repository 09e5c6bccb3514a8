package kz.kaspibridge.pricelist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import kz.kaspibridge.testsupport.ServiceChecks;
import kz.kaspibridge.testsupport.TestStack;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service starts against a real broker and registry, declares its topics and reports healthy. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Closed after the class: a publisher left running reads every catalog record the later tests write, and would
// dead-letter their bad records a second time.
@DirtiesContext
class PricelistPublisherApplicationIT {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        TestStack.register(registry);
    }

    @Test
    void startsHealthyAndDeclaresItsTopics() {
        HttpResponse<String> health = ServiceChecks.health(port);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"kafka\"").contains("\"catalog\"");
        assertThat(ServiceChecks.topicNames()).contains("kaspi.pricelist-published", "kaspi.offers", "kaspi.available-stock", "kaspi.offers-dlt",
                "kaspi.available-stock-dlt");
    }
}
