package kz.kaspibridge.ordercommand.config;

import java.time.Duration;
import java.util.Map;
import kz.kaspibridge.ordercommand.streams.OrderCommandTopology;
import kz.kaspibridge.schemas.spring.CatalogTopics;
import kz.kaspibridge.schemas.spring.KaspiKafkaProperties;
import kz.kaspibridge.schemas.topics.Topics;
import org.apache.kafka.clients.admin.NewTopic;
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
        return new KafkaAdmin.NewTopics(internal(kafka, OrderCommandTopology.EFFECTS_TOPIC, INTERNAL_RETENTION),
                internal(kafka, OrderCommandTopology.RESERVATIONS_TOPIC, INTERNAL_RETENTION),
                internal(kafka, OrderCommandTopology.EFFECTS_TOPIC + "-dlt", DEAD_LETTER_RETENTION),
                internal(kafka, OrderCommandTopology.RESERVATIONS_TOPIC + "-dlt", DEAD_LETTER_RETENTION));
    }

    private static NewTopic internal(KaspiKafkaProperties kafka, String name, Duration retention) {
        short replicas = StreamsConfiguration.replication(kafka);
        Map<String, String> configs = replicas > 1
                ? Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(retention.toMillis()),
                        "min.insync.replicas", "2")
                : Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(retention.toMillis()));
        return new NewTopic(name, Topics.ORDERS.partitions(), replicas).configs(configs);
    }
}
