package kz.kaspibridge.schemas.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/** What an operator reads when a service refuses a setting: the setting, where it came from, what to do. */
@ExtendWith(OutputCaptureExtension.class)
class UnknownSettingsReportTest {

    @Test
    void theStartUpReportNamesEachUnknownSettingAndWhatToDo(CapturedOutput output) {
        SpringApplicationBuilder service = new SpringApplicationBuilder(SampleService.class)
                .web(WebApplicationType.NONE);

        assertThatThrownBy(() -> service.run("--spring.application.name=sample-service",
                "--sample-service.batch-sise=7")).hasRootCauseInstanceOf(UnknownSettingsException.class);

        assertThat(output).contains("Settings under 'sample-service' that match no property")
                .contains("- sample-service.batch-sise (\"sample-service.batch-sise\" from property source \"commandLineArgs\")")
                .contains("Fix each name or remove it");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(KaspiServiceAutoConfiguration.class)
    @EnableConfigurationProperties(SampleSettings.class)
    static class SampleService {
    }
}
