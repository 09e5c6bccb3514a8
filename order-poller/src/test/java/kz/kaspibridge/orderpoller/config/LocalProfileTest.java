package kz.kaspibridge.orderpoller.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** The {@code local} profile the launcher uses binds: the sandbox's three demo merchants, fast polls. */
class LocalProfileTest {

    @Test
    void theLocalProfilePollsTheSandboxDemoMerchantsEveryFewSeconds() throws IOException {
        List<PropertySource<?>> yaml = new YamlPropertySourceLoader()
                .load("local", new ClassPathResource("application-local.yml"));
        Binder binder = new Binder(ConfigurationPropertySources.from(yaml),
                new PropertySourcesPlaceholdersResolver(yaml));

        OrderPollerProperties poller = binder.bind("order-poller", OrderPollerProperties.class).get();

        assertThat(poller.merchants()).extracting(OrderPollerProperties.Merchant::id)
                .containsExactly("merchant-1", "merchant-2", "merchant-3");
        assertThat(poller.merchants()).allSatisfy(m -> {
            assertThat(m.isTokenSourceUnique()).isTrue();
            assertThat(m.pollInterval()).isLessThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(m.toString()).doesNotContain(m.resolveToken());
        });
        assertThat(poller.kaspi().baseUrl()).isEqualTo(URI.create("http://127.0.0.1:18090/shop/api/v2"));
        assertThat(poller.kafka().topicPrefix()).isEqualTo("order-poller");
    }
}
