package kz.kaspibridge.orderpoller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import kz.kaspibridge.sandbox.KaspiSandbox;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The poller's series carry {@code application="order-poller"}, from the shared configuration, not its yml. */
class ApplicationTagIT {

    @Test
    void everySeriesThePollerExportsCarriesItsApplicationName() {
        try (KaspiSandbox sandbox = KaspiSandbox.start();
             PollerInstance poller = PollerInstance.start("it-tag", sandbox.shopApiUrl(),
                     PollerInstance.merchant(0, "m1", sandbox.tokenOf("m1"), "1d"))) {
            String metrics = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + poller.port())
                    .responseTimeout(Duration.ofSeconds(10)).build()
                    .get().uri("/actuator/prometheus").exchange()
                    .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

            assertThat(Arrays.stream(metrics.split("\n")).filter(line -> !line.isBlank() && !line.startsWith("#")))
                    .isNotEmpty().allSatisfy(series -> assertThat(series).contains("application=\"order-poller\""));
        }
    }
}
