package kz.kaspibridge.schemas.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * A setting under a module's prefix that binds to nothing stops start-up and is named, whether it
 * was written as a property or as an environment variable; the names that do bind start.
 */
class StrictSettingsTest {

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KaspiServiceAutoConfiguration.class))
            .withUserConfiguration(WithSampleSettings.class)
            .withPropertyValues("spring.application.name=sample-service");

    @Test
    void aMistypedPropertyFailsStartUpNamingIt() {
        service.withPropertyValues("sample-service.merchants[0].id=m1",
                "sample-service.merchants[0].first-start-lookbak=3d").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(UnknownSettingsException.class)
                    .hasMessageContaining("sample-service.merchants[0].first-start-lookbak")
                    .hasMessageContaining("SampleSettings");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"SAMPLE_SERVICE_MERCHANTS_0_FIRSTSTARTLOOKBACK", "SAMPLESERVICE_MERCHANTS_0_FIRST_START_LOOKBACK",
            "SAMPLE_SERVICE_MERCHANTS_0_FIRST_START_LOOKBAK", "SAMPLE_SERVICE_BATCHSIZE", "SAMPLESERVICE_PERMERCHANT_M1_POLLINTERVL",
            "SAMPLESERVICE_PERMERCHANT_M1", "SAMPLE_SERVICE_PER_MERCHANT_M1_POLL_INTERVAL", "Sample_Service_Batch_Size"})
    void aMistypedEnvironmentVariableFailsStartUpNamingIt(String variable) {
        service.withInitializer(environment(Map.of(variable, "3d"))).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(UnknownSettingsException.class)
                    .hasMessageContaining("environment variable " + variable);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"SAMPLE_SERVICE_MERCHANTS_0_FIRST_START_LOOKBACK", "SAMPLESERVICE_MERCHANTS_0_FIRSTSTARTLOOKBACK",
            "sample_service_merchants_0_first_start_lookback", "SampleService_Merchants_0_FirstStartLookback"})
    void anEnvironmentVariableInEitherOfBootsFormsStartsAndBinds(String variable) {
        service.withInitializer(environment(Map.of(variable, "3d", "SAMPLE_SERVICE_MERCHANTS_0_ID", "m1")))
                .run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SampleSettings.class).merchants().get(0).firstStartLookback())
                    .isEqualTo(Duration.ofDays(3));
        });
    }

    @Test
    void perMerchantMapsListsAndNestedRecordsBindFromTheEnvironment() {
        service.withInitializer(environment(Map.of(
                "SAMPLESERVICE_PERMERCHANT_M1_POLLINTERVAL", "2s",
                "SAMPLE_SERVICE_MERCHANTS_0_ID", "m1",
                "SAMPLE_SERVICE_MERCHANTS_0_SECRETS", "whsec_a,whsec_b",
                "SAMPLE_SERVICE_MERCHANTS_0_STATES_0", "NEW",
                "SAMPLE_SERVICE_REMOTE_BASE_URL", "http://127.0.0.1:1/api",
                "SAMPLE_SERVICE_BATCH_SIZE", "7"))).run(context -> {
                    assertThat(context).hasNotFailed();
                    SampleSettings settings = context.getBean(SampleSettings.class);
                    assertThat(settings.perMerchant().get("m1").pollInterval()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(settings.batchSize()).isEqualTo(7);
                    assertThat(settings.remote().baseUrl()).hasPort(1);
                    assertThat(settings.merchants().get(0).secrets()).containsExactly("whsec_a", "whsec_b");
                    assertThat(settings.merchants().get(0).states()).containsExactly("NEW");
                });
    }

    @Test
    void anEnvironmentVariableForAListAHigherSourceSetsWholeFailsStartUp() {
        service.withPropertyValues("sample-service.merchants[0].id=m1")
                .withInitializer(environment(Map.of("SAMPLE_SERVICE_MERCHANTS_0_FIRST_START_LOOKBACK", "3d")))
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .isInstanceOf(UnknownSettingsException.class)
                        .hasMessageContaining("environment variables under sample-service.merchants")
                        .hasMessageContaining("taken whole from test"));
    }

    @Test
    void environmentVariablesReplacingALowerSourcesListStart() {
        service.withInitializer(context -> context.getEnvironment().getPropertySources().addLast(
                        new org.springframework.core.env.MapPropertySource("packaged-defaults",
                                Map.of("sample-service.merchants[0].id", "m0", "sample-service.merchants[1].id", "m2"))))
                .withInitializer(environment(Map.of("SAMPLE_SERVICE_MERCHANTS_0_ID", "m1")))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(SampleSettings.class).merchants())
                            .extracting(SampleSettings.Merchant::id).containsExactly("m1");
                });
    }

    @Test
    void environmentVariablesOutsideThePrefixAreNoneOfItsBusiness() {
        service.withInitializer(environment(Map.of("SAMPLE_SERVICEX_FOO", "1", "SAMPLE_PORT", "1",
                "KASPI_TOKEN_MERCHANT_1", "fake", "SAMPLE_SERVICE", "bare prefix"))).run(context ->
                assertThat(context).hasNotFailed());
    }

    @Test
    void aModuleWithoutARecordOwnsItsApplicationName() {
        ApplicationContextRunner skeleton = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KaspiServiceAutoConfiguration.class))
                .withPropertyValues("spring.application.name=sample-skeleton");

        skeleton.run(context -> assertThat(context).hasNotFailed());
        skeleton.withPropertyValues("sample-skeleton.poll-interval=1s").run(context ->
                assertThat(context.getStartupFailure()).isInstanceOf(UnknownSettingsException.class)
                        .hasMessageContaining("sample-skeleton.poll-interval"));
        skeleton.withInitializer(environment(Map.of("SAMPLE_SKELETON_POLL_INTERVAL", "1s"))).run(context ->
                assertThat(context.getStartupFailure()).isInstanceOf(UnknownSettingsException.class)
                        .hasMessageContaining("environment variable SAMPLE_SKELETON_POLL_INTERVAL"));
    }

    @Test
    void anApplicationNamedLikeAnotherRecordsParentLeavesThatRecordsSettingsAlone() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KaspiServiceAutoConfiguration.class))
                .withUserConfiguration(WithSampleSettings.class)
                .withPropertyValues("spring.application.name=sample", "sample-service.batch-size=3")
                .withInitializer(environment(Map.of("SAMPLE_SERVICE_BATCH_SIZE", "4")))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(SampleSettings.class).batchSize()).isEqualTo(3);
                });
    }

    /**
     * Why the shared check exists: Boot's own {@code ignoreUnknownFields = false} catches a
     * mistyped property but, by design, not a mistyped environment variable.
     */
    @Test
    void bootsIgnoreUnknownFieldsAloneMissesEnvironmentVariables() {
        ApplicationContextRunner bootOnly = new ApplicationContextRunner()
                .withUserConfiguration(WithBootStrictSettings.class)
                .withPropertyValues("boot-strict.timeout=1s");

        bootOnly.withPropertyValues("boot-strict.timout=2s").run(context -> assertThat(context).hasFailed());
        bootOnly.withInitializer(environment(Map.of("BOOT_STRICT_TIMOUT", "2s"))).run(context ->
                assertThat(context).hasNotFailed());
    }

    /** Puts {@code variables} where the process environment would be, as Boot reads it. */
    static org.springframework.context.ApplicationContextInitializer<org.springframework.context.ConfigurableApplicationContext>
            environment(Map<String, Object> variables) {
        return context -> context.getEnvironment().getPropertySources().replace(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.copyOf(variables)));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SampleSettings.class)
    static class WithSampleSettings {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BootStrictSettings.class)
    static class WithBootStrictSettings {
    }
}
