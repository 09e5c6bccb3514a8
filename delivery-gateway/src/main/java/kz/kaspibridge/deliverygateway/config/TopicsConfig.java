package kz.kaspibridge.deliverygateway.config;

import java.time.Duration;
import java.util.Optional;
import kz.kaspibridge.deliverygateway.streams.DeliveryGatewayTopology;
import kz.kaspibridge.schemas.spring.CatalogTopics;
import kz.kaspibridge.schemas.spring.KaspiKafkaProperties;
import kz.kaspibridge.schemas.topics.CleanupPolicy;
import kz.kaspibridge.schemas.topics.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The catalog topic this service writes, the dead-letter topics of those it reads, and its internal topics.
 * {@code kaspi.delivery-commands} and {@code kaspi.delivery-status-reports} are declared by their writers
 * (order-command-service, webhook-ingress); until they exist the Streams threads retry.
 */
@Configuration(proxyBeanMethods = false)
class TopicsConfig {

    private static final String MODULE = "delivery-gateway";
    private static final Optional<Duration> INTERNAL_RETENTION = Optional.of(Duration.ofDays(7));
    private static final Optional<Duration> DEAD_LETTER_RETENTION = Optional.of(Duration.ofDays(28));

    @Bean
    KafkaAdmin.NewTopics deliverygatewayTopics(KaspiKafkaProperties kafka) {
        return CatalogTopics.declare(kafka, Topics.DELIVERY_EVENTS, Topics.DELIVERY_COMMANDS.deadLetter(),
                Topics.DELIVERY_STATUS_REPORTS.deadLetter(), Topics.DELIVERY_EVENTS.deadLetter());
    }

    /**
     * The requests and outcomes topics are keyed by order code and the outcomes are read by the same processor as
     * the delivery commands, so they have their partition count (co-partitioned).
     */
    @Bean
    KafkaAdmin.NewTopics deliverygatewayInternalTopics(KaspiKafkaProperties kafka) {
        int partitions = Topics.DELIVERY_COMMANDS.partitions();
        return CatalogTopics.declare(kafka,
                Topics.internal(DeliveryGatewayTopology.REQUESTS_TOPIC, "order code", partitions,
                        CleanupPolicy.DELETE, INTERNAL_RETENTION, MODULE),
                Topics.internal(DeliveryGatewayTopology.OUTCOMES_TOPIC, "order code", partitions,
                        CleanupPolicy.DELETE, INTERNAL_RETENTION, MODULE),
                Topics.internal(DeliveryGatewayTopology.REQUESTS_TOPIC + "-dlt", "order code", partitions,
                        CleanupPolicy.DELETE, DEAD_LETTER_RETENTION, MODULE),
                Topics.internal(DeliveryGatewayTopology.OUTCOMES_TOPIC + "-dlt", "order code", partitions,
                        CleanupPolicy.DELETE, DEAD_LETTER_RETENTION, MODULE));
    }
}
