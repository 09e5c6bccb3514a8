package kz.kaspibridge.pricelist.config;

import kz.kaspibridge.schemas.spring.CatalogTopics;
import kz.kaspibridge.schemas.spring.KaspiKafkaProperties;
import kz.kaspibridge.schemas.topics.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** The catalog topics this service writes, and the dead-letter topics of those it reads. */
@Configuration(proxyBeanMethods = false)
class TopicsConfig {

    @Bean
    KafkaAdmin.NewTopics pricelistTopics(KaspiKafkaProperties kafka) {
        return CatalogTopics.declare(kafka, Topics.PRICELIST_PUBLISHED, Topics.OFFERS, Topics.STOCK_CHANGES, Topics.OFFERS.deadLetter(), Topics.STOCK_CHANGES.deadLetter(), Topics.ORDER_RESULTS.deadLetter());
    }
}
