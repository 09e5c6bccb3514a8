package kz.kaspibridge.webhookingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The ingress's series carry {@code application="webhook-ingress"} (they had no such tag before). */
class ApplicationTagIT {

    @Test
    void everySeriesTheIngressExportsCarriesItsApplicationName() {
        try (IngressApp ingress = IngressApp.start(Map.of())) {
            String metrics = WebTestClient.bindToServer().baseUrl(ingress.baseUrl())
                    .responseTimeout(Duration.ofSeconds(10)).build()
                    .get().uri("/actuator/prometheus").exchange()
                    .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

            assertThat(Arrays.stream(metrics.split("\n")).filter(line -> !line.isBlank() && !line.startsWith("#")))
                    .isNotEmpty().allSatisfy(series -> assertThat(series).contains("application=\"webhook-ingress\""));
        }
    }
}
