package kz.kaspibridge.schemas.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The application tag is set once, here, for every service: no copy in each application.yml. */
class ApplicationTagTest {

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    KaspiServiceAutoConfiguration.class));

    @Test
    void everyMeterOfAServiceCarriesItsApplicationName() {
        service.withPropertyValues("spring.application.name=sample-service").run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            registry.counter("kaspi.sample.things", "merchant", "m1").increment();

            assertThat(registry.get("kaspi.sample.things").counter().getId().getTag(
                    KaspiServiceAutoConfiguration.APPLICATION_TAG)).isEqualTo("sample-service");
        });
    }

    @Test
    void withoutAnApplicationNameNoTagIsInvented() {
        service.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            registry.counter("kaspi.sample.things").increment();

            assertThat(registry.get("kaspi.sample.things").counter().getId()
                    .getTag(KaspiServiceAutoConfiguration.APPLICATION_TAG)).isNull();
        });
    }
}
