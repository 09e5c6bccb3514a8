package kz.kaspibridge.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import kz.kaspibridge.deploy.Tools;
import org.junit.jupiter.api.Test;

/** The compose file read as {@link EndToEndContainersIT} runs its images, so that reading is proven without Docker. */
class ComposeServicesTest {

    private static final Map<String, String> ENV = Map.of("KASPI_TOKEN_MERCHANT_1", "t1", "KASPI_TOKEN_MERCHANT_2",
            "t2", "KASPI_TOKEN_MERCHANT_3", "t3", "KASPI_WEBHOOK_SECRET", "whsec_c2VjcmV0",
            "KASPI_DELIVERY_API_KEY", "key", "PRICELIST_PASSWORD_MERCHANT_3", "pw");

    private final ComposeServices compose = ComposeServices.read(Tools.repository().resolve("docker-compose.yml"),
            ENV);

    @Test
    void aServiceGetsTheMergedClientSettingsAndItsSecretsFilledIn() {
        Map<String, String> poller = compose.environment("order-poller");

        assertThat(poller).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                .containsEntry("SPRING_PROFILES_ACTIVE", "local")
                .containsEntry("KASPI_TOKEN_MERCHANT_2", "t2")
                .containsEntry("KASPI_SHOP_API_URL", "http://kaspi-sandbox:8089/shop/api/v2");
        assertThat(compose.environment("kaspi-sandbox").get("SPRING_APPLICATION_JSON"))
                .contains("\"secret\":\"whsec_c2VjcmV0\"").contains("\"api-key\":\"key\"").doesNotContain("${");
    }

    @Test
    void imagesAreBuiltFromTheModulesJarWithItsPort() {
        assertThat(compose.buildArgs("delivery-gateway")).containsEntry("MODULE", "delivery-gateway")
                .containsEntry("PORT", "18084");
        assertThat(compose.dockerfile("delivery-gateway")).isEqualTo("deploy/docker/Dockerfile");
        assertThat(compose.image("delivery-gateway")).isEqualTo("kaspi-bridge/delivery-gateway:0.1.0-SNAPSHOT");
        assertThat(compose.containerPort("kaspi-sandbox")).isEqualTo(8089);
        assertThat(compose.buildArgs("kafka")).isEmpty();
    }

    @Test
    void interpolationIsComposes() {
        assertThat(compose.fill("${KASPI_TOKEN_MERCHANT_1}|${UNSET:-fallback}|$${NOT_A_VARIABLE}"))
                .isEqualTo("t1|fallback|${NOT_A_VARIABLE}");
        assertThatThrownBy(() -> compose.fill("${UNSET:?set UNSET in .env}"))
                .hasMessage("UNSET is required: set UNSET in .env");
    }
}
