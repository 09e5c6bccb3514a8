package kz.kaspibridge.sandbox.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.schemas.spring.UnknownSettingsException;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The in-process sandbox gets the shared service configuration like every service: its meters
 * carry the application tag, and a setting that binds to nothing stops it, named.
 */
class SandboxSettingsIT {

    @Test
    void itsMetersCarryTheApplicationTag() {
        try (KaspiSandbox sandbox = KaspiSandbox.start()) {
            WebTestClient http = WebTestClient.bindToServer().baseUrl(sandbox.baseUrl())
                    .responseTimeout(Duration.ofSeconds(10)).build();

            String metrics = http.get().uri("/actuator/prometheus").exchange()
                    .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

            assertThat(Arrays.stream(metrics.split("\n")).filter(line -> !line.isBlank() && !line.startsWith("#")))
                    .isNotEmpty().allSatisfy(series -> assertThat(series).contains("application=\"kaspi-sandbox\""));
        }
    }

    @Test
    void aMistypedSettingStopsItNamingTheSetting() {
        KaspiSandbox.Options mistyped = KaspiSandbox.Options.defaults()
                .withProperty("kaspi-sandbox.webhook.initial-backof", "1s");

        assertThatThrownBy(() -> KaspiSandbox.start(mistyped)).rootCause()
                .isInstanceOf(UnknownSettingsException.class)
                .hasMessageContaining("kaspi-sandbox.webhook.initial-backof");
    }
}
