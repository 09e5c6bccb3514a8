package kz.kaspibridge.webhookingress.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import kz.kaspibridge.schemas.spring.KaspiServiceAutoConfiguration;
import kz.kaspibridge.schemas.spring.UnknownSettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The ingress's settings as it starts with them: application.yml plus environment variables. */
@ExtendWith(OutputCaptureExtension.class)
class WebhookIngressSettingsTest {

    private static final String FAKE_SECRET = "whsec_ZmFrZS1zZWNyZXQtZm9yLXRlc3RzLW9ubHk=";

    private final ApplicationContextRunner ingress = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(AutoConfigurations.of(KaspiServiceAutoConfiguration.class))
            .withUserConfiguration(WithIngressSettings.class);

    @Test
    void theShippedConfigurationWithItsSecretVariableStartsAndNeverLogsTheSecret(CapturedOutput output) {
        ingress.withInitializer(environment(Map.of("KASPI_WEBHOOK_SECRETS_DEMO", FAKE_SECRET))).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(WebhookIngressProperties.class).merchants().get(0).allSecrets())
                    .containsExactly(FAKE_SECRET);
        });

        assertThat(output).contains("settings prefix=webhook-ingress merchants[0].merchant-id=demo")
                .contains("merchants[0].secrets=******").doesNotContain(FAKE_SECRET);
    }

    @Test
    void aMistypedVariableFailsStartUpNamingIt() {
        ingress.withInitializer(environment(Map.of("KASPI_WEBHOOK_SECRETS_DEMO", FAKE_SECRET,
                "WEBHOOK_INGRESS_MAX_BODYSIZE", "1KB"))).run(context ->
                assertThat(context.getStartupFailure()).rootCause().isInstanceOf(UnknownSettingsException.class)
                        .hasMessageContaining("environment variable WEBHOOK_INGRESS_MAX_BODYSIZE"));
    }

    @Test
    void aMistypedPropertyFailsStartUpNamingIt() {
        ingress.withInitializer(environment(Map.of("KASPI_WEBHOOK_SECRETS_DEMO", FAKE_SECRET)))
                .withPropertyValues("webhook-ingress.merchants[0].secret=" + FAKE_SECRET).run(context ->
                        assertThat(context.getStartupFailure()).rootCause()
                                .isInstanceOf(UnknownSettingsException.class)
                                .hasMessageContaining("webhook-ingress.merchants[0].secret ")
                                .hasMessageNotContaining(FAKE_SECRET));
    }

    private static ApplicationContextInitializer<ConfigurableApplicationContext> environment(Map<String, Object> variables) {
        return context -> context.getEnvironment().getPropertySources().replace(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.copyOf(variables)));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(WebhookIngressProperties.class)
    static class WithIngressSettings {
    }
}
