package kz.kaspibridge.schemas.spring;

import static kz.kaspibridge.schemas.spring.StrictSettingsTest.environment;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/** {@code kaspi.kafka.*}, shared by every service, is as strict as a module's own prefix. */
@ExtendWith(OutputCaptureExtension.class)
class KaspiKafkaSettingsTest {

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KaspiServiceAutoConfiguration.class))
            .withUserConfiguration(WithKafkaSettings.class)
            .withPropertyValues("spring.application.name=sample-service");

    @Test
    void aMistypedKafkaEnvironmentVariableFailsStartUpNamingIt() {
        service.withInitializer(environment(Map.of("KASPI_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "KASPI_KAFKA_REGISTRY_URL", "http://127.0.0.1:2", "KASPI_KAFKA_MAX_RETRY", "9"))).run(context ->
                assertThat(context.getStartupFailure()).rootCause().isInstanceOf(UnknownSettingsException.class)
                        .hasMessageContaining("environment variable KASPI_KAFKA_MAX_RETRY"));
    }

    @Test
    void theRightNamesStartAndTheRegistryCredentialsAreMaskedInTheLog(CapturedOutput output) {
        service.withInitializer(environment(Map.of("KASPI_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "KASPI_KAFKA_REGISTRY_URL", "http://fakeuser:fakepass@127.0.0.1:2", "KASPI_KAFKA_MAX_RETRIES", "9")))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(KaspiKafkaProperties.class).maxRetries()).isEqualTo(9);
                });

        assertThat(output).contains("settings prefix=kaspi.kafka bootstrap-servers=127.0.0.1:1 registry-url=http://******@127.0.0.1:2")
                .doesNotContain("fakepass");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(KaspiKafkaProperties.class)
    static class WithKafkaSettings {
    }
}
