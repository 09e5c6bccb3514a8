package kz.kaspibridge.ordercommand.config;

import java.time.Duration;
import java.util.Optional;
import kz.kaspibridge.ordercommand.streams.OrderCommandTopology;
import kz.kaspibridge.schemas.spring.CatalogTopics;
import kz.kaspibridge.schemas.spring.KaspiKafkaProperties;
import kz.kaspibridge.schemas.topics.CleanupPolicy;
import kz.kaspibridge.schemas.topics.Topic;
import kz.kaspibridge.schemas.topics.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The catalog topics this service writes, the merchant-written topics it reads (order commands, stock changes:
 * the merchant's systems declare nothing), the dead-letter topics of those it reads, and its own internal
 * topics. {@code kaspi.orders} is declared by its writer, the poller; until it exists the Streams threads retry.
 */
@Configuration(proxyBeanMethods = false)
class TopicsConfig {

    private static final Duration INTERNAL_RETENTION = Duration.ofDays(7);
    private static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(28);

    @Bean
    KafkaAdmin.NewTopics ordercommandTopics(KaspiKafkaProperties kafka) {
        return CatalogTopics.declare(kafka, Topics.ORDER_RESULTS, Topics.DELIVERY_COMMANDS, Topics.AVAILABLE_STOCK,
                Topics.ORDER_COMMANDS, Topics.STOCK_CHANGES, Topics.ORDER_COMMANDS.deadLetter(),
                Topics.ORDERS.deadLetter(), Topics.STOCK_CHANGES.deadLetter(), Topics.ORDER_RESULTS.deadLetter(),
                Topics.DELIVERY_COMMANDS.deadLetter(), Topics.DELIVERY_EVENTS.deadLetter());
    }

    /**
     * The explicit internal topics of the topology. They are keyed by order code and read by the same processor
     * as {@code kaspi.orders}, so they have its partition count (co-partitioned).
     */
    @Bean
    KafkaAdmin.NewTopics ordercommandInternalTopics(KaspiKafkaProperties kafka) {
        return CatalogTopics.declare(kafka, internal(OrderCommandTopology.EFFECTS_TOPIC, INTERNAL_RETENTION),
                internal(OrderCommandTopology.RESERVATIONS_TOPIC, INTERNAL_RETENTION),
                internal(OrderCommandTopology.EFFECTS_TOPIC + "-dlt", DEAD_LETTER_RETENTION),
                internal(OrderCommandTopology.RESERVATIONS_TOPIC + "-dlt", DEAD_LETTER_RETENTION));
    }

    private static Topic<String> internal(String name, Duration retention) {
        return Topics.internal(name, "order code", Topics.ORDERS.partitions(), CleanupPolicy.DELETE,
                Optional.of(retention), "order-command-service");
    }
}
