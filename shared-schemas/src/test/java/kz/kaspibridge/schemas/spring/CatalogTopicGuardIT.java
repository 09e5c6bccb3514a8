package kz.kaspibridge.schemas.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import kz.kaspibridge.testsupport.TestStack;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/** A listener on a topic outside the catalog stops the service at start-up, so its tests fail. */
class CatalogTopicGuardIT {

    @Test
    void aServiceListeningToAMisspeltTopicDoesNotStart() {
        SpringApplicationBuilder app = new SpringApplicationBuilder(MisspeltListenerApp.class)
                .web(WebApplicationType.NONE).properties(Map.of(
                        "spring.application.name", "guard-test",
                        "kaspi.kafka.bootstrap-servers", TestStack.bootstrapServers(),
                        "kaspi.kafka.registry-url", "http://127.0.0.1:1"));

        assertThatThrownBy(app::run).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[kaspi.order]").hasMessageContaining("not in the catalog");
    }

    @Test
    void catalogTopicsTheirDeadLetterTopicsAndTheServicesOwnTopicsAreAllowed() {
        CatalogTopicGuard guard = new CatalogTopicGuard(new KafkaListenerEndpointRegistry(), "order-poller");

        assertThat(guard.allowed("kaspi.orders")).isTrue();
        assertThat(guard.allowed("kaspi.orders-dlt")).isTrue();
        assertThat(guard.allowed("order-poller.seen-orders")).isTrue();
        assertThat(guard.allowed("kaspi.order")).isFalse();
        assertThat(guard.allowed("webhook-ingress.dedup")).isFalse();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableKafka
    static class MisspeltListenerApp {
        @Bean
        Misspelt misspelt() {
            return new Misspelt();
        }
    }

    static class Misspelt {
        @KafkaListener(topics = "kaspi.order", groupId = "guard-test", autoStartup = "false")
        void on(String ignored) {
            throw new AssertionError("never consumed");
        }
    }
}
