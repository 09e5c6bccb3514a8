package kz.kaspibridge.orderpoller.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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

/**
 * The poller's settings as it starts with them: the shipped application.yml and the local
 * profile, plus environment variables. A name that binds to nothing stops it, named, before
 * validation complains about what the typo left unset.
 */
@ExtendWith(OutputCaptureExtension.class)
class OrderPollerSettingsTest {

    private final ApplicationContextRunner poller = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(AutoConfigurations.of(KaspiServiceAutoConfiguration.class))
            .withUserConfiguration(WithPollerSettings.class)
            .withPropertyValues("spring.profiles.active=local");

    @Test
    void theShippedLocalConfigurationStartsAndLogsItsSettingsWithTheTokensMasked(CapturedOutput output) {
        poller.run(context -> assertThat(context).hasNotFailed());

        assertThat(output).contains("settings prefix=order-poller merchants[0].id=merchant-1 merchants[0].token=******")
                .doesNotContain("sandbox-token-merchant-1");
    }

    @Test
    void theMistypedVariableFromTheFieldReportFailsStartUpNamingIt() {
        poller.withInitializer(environment(Map.of("ORDER_POLLER_MERCHANTS_0_ID", "merchant-1",
                "ORDER_POLLER_MERCHANTS_0_TOKEN", "fake-token", "ORDER_POLLER_MERCHANTS_0_FIRSTSTARTLOOKBACK", "1d")))
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .isInstanceOf(UnknownSettingsException.class)
                        .hasMessageContaining("environment variable ORDER_POLLER_MERCHANTS_0_FIRSTSTARTLOOKBACK"));
    }

    @Test
    void aMistypedPropertyFailsStartUpNamingIt() {
        poller.withPropertyValues("order-poller.kaspi.listing-concurency=1").run(context ->
                assertThat(context.getStartupFailure()).rootCause().isInstanceOf(UnknownSettingsException.class)
                        .hasMessageContaining("order-poller.kaspi.listing-concurency"));
    }

    @Test
    void correctlyNamedVariablesStartAndBind() {
        poller.withInitializer(environment(Map.of("ORDER_POLLER_KASPI_LISTING_CONCURRENCY", "1",
                "ORDER_POLLER_MERCHANTS_0_ID", "merchant-9", "ORDER_POLLER_MERCHANTS_0_TOKEN", "fake-token",
                "ORDER_POLLER_MERCHANTS_0_FIRST_START_LOOKBACK", "1d"))).run(context -> {
                    assertThat(context).hasNotFailed();
                    OrderPollerProperties settings = context.getBean(OrderPollerProperties.class);
                    assertThat(settings.kaspi().listingConcurrency()).isEqualTo(1);
                    // Spring Boot takes a list whole from one source: these replace the local profile's three.
                    assertThat(settings.merchants()).singleElement().satisfies(merchant -> {
                        assertThat(merchant.id()).isEqualTo("merchant-9");
                        assertThat(merchant.firstStartLookback()).isEqualTo(Duration.ofDays(1));
                    });
                });
    }

    private static ApplicationContextInitializer<ConfigurableApplicationContext> environment(Map<String, Object> variables) {
        return context -> context.getEnvironment().getPropertySources().replace(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.copyOf(variables)));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(OrderPollerProperties.class)
    static class WithPollerSettings {
    }
}
