package kz.kaspibridge.pricelist.config;

import java.time.Duration;
import java.util.Optional;
import kz.kaspibridge.schemas.spring.CatalogTopics;
import kz.kaspibridge.schemas.spring.KaspiKafkaProperties;
import kz.kaspibridge.schemas.topics.CleanupPolicy;
import kz.kaspibridge.schemas.topics.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** The topics this service writes, the merchant-written offers, and the dead-letter topics of those it reads. */
@Configuration(proxyBeanMethods = false)
class TopicsConfig {

    @Bean
    KafkaAdmin.NewTopics pricelistTopics(KaspiKafkaProperties kafka) {
        // kaspi.available-stock is order-command-service's; declared here too (same settings), so either may start first.
        return CatalogTopics.declare(kafka, Topics.PRICELIST_PUBLISHED, Topics.OFFERS, Topics.AVAILABLE_STOCK,
                Topics.OFFERS.deadLetter(), Topics.AVAILABLE_STOCK.deadLetter());
    }

    /**
     * Operators' rebuild requests ({@code kaspi-ops rebuild-feed}): plain JSON keyed by merchant id, read by every
     * instance from its end at start, so a day is plenty; one partition, as requests are rare.
     */
    @Bean
    KafkaAdmin.NewTopics pricelistRebuildRequests(KaspiKafkaProperties kafka) {
        return CatalogTopics.declare(kafka, Topics.internal(Topics.PRICELIST_REBUILD_REQUESTS, "merchant id", 1,
                CleanupPolicy.DELETE, Optional.of(Duration.ofDays(1)), "pricelist-publisher"));
    }
}
