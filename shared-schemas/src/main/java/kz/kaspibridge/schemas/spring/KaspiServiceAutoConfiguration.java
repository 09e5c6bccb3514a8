package kz.kaspibridge.schemas.spring;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * What every service gets, with Kafka or without (the sandbox has none): strict settings (a setting
 * that binds to nothing fails start-up, see {@link StrictSettings}), its effective settings logged
 * at start-up with secrets masked, and the {@code application} tag on every meter.
 */
@AutoConfiguration
public class KaspiServiceAutoConfiguration {

    /** The tag that tells the services' series apart in one Prometheus. */
    public static final String APPLICATION_TAG = "application";

    // Static: Boot looks bind-handler advisors up when it binds the first settings record, which
    // may be before this configuration class itself is created.
    @Bean
    static StrictSettings kaspiStrictSettings(ConfigurableApplicationContext context) {
        return new StrictSettings(context);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer")
    @ConditionalOnProperty("spring.application.name")
    static class Metrics {
        @Bean
        MeterRegistryCustomizer<MeterRegistry> kaspiApplicationTag(Environment environment) {
            String application = environment.getRequiredProperty("spring.application.name");
            return registry -> registry.config().commonTags(APPLICATION_TAG, application);
        }
    }
}
