package kz.kaspibridge.pricelist.config;

import kz.kaspibridge.schemas.spring.CatalogTopics;
import kz.kaspibridge.schemas.spring.KaspiKafkaProperties;
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
}
