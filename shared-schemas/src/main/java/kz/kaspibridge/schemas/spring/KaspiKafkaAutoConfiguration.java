package kz.kaspibridge.schemas.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topic;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * Kafka wiring shared by every service, built from {@link KafkaClientConfig}: one producer
 * factory and template, one consumer factory, and a listener container factory that commits after
 * each record's effect, retries a failing record in place with exponential back-off and then sends
 * it to {@code <topic>-dlt} with the {@code kafka_dlt-*} headers. Undecodable records skip the
 * retries and go straight to the dead-letter topic as raw bytes.
 *
 * <p>Runs before Boot's own Kafka auto-configuration, which then backs off for these beans.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnProperty(prefix = "kaspi.kafka", name = "bootstrap-servers")
@EnableConfigurationProperties(KaspiKafkaProperties.class)
public class KaspiKafkaAutoConfiguration {


    @Bean
    @ConditionalOnMissingBean
    KafkaClientConfig kafkaClientConfig(KaspiKafkaProperties kafka) {
        return new KafkaClientConfig(kafka.bootstrapServers(), kafka.registryUrl(), kafka.autoRegister());
    }

    @Bean
    @ConditionalOnMissingBean
    ProducerFactory<String, Object> kafkaProducerFactory(KafkaClientConfig client,
            @Value("${spring.application.name:kaspi-bridge}") String application) {
        Map<String, Object> props = new LinkedHashMap<>(client.producerProperties());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, application);
        return new DefaultKafkaProducerFactory<>(props);
    }

    @Bean
    @ConditionalOnMissingBean
    KafkaTemplate<String, Object> kafkaTemplate(ProducerFactory<String, Object> producerFactory) {
        KafkaTemplate<String, Object> template = new KafkaTemplate<>(producerFactory);
        // Propagates W3C trace context in record headers.
        template.setObservationEnabled(true);
        return template;
    }

    @Bean
    @ConditionalOnMissingBean
    ConsumerFactory<String, Object> kafkaConsumerFactory(KafkaClientConfig client,
            @Value("${spring.application.name:kaspi-bridge}") String application) {
        return new DefaultKafkaConsumerFactory<>(client.consumerProperties(application));
    }

    @Bean
    @ConditionalOnMissingBean(name = "kafkaListenerContainerFactory")
    ConcurrentKafkaListenerContainerFactory<String, Object> kafkaListenerContainerFactory(
            ConsumerFactory<String, Object> consumerFactory, DefaultErrorHandler kafkaErrorHandler) {
        ConcurrentKafkaListenerContainerFactory<String, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory);
        factory.setCommonErrorHandler(kafkaErrorHandler);
        factory.getContainerProperties().setAckMode(AckMode.RECORD);
        factory.getContainerProperties().setObservationEnabled(true);
        return factory;
    }

    @Bean
    @ConditionalOnMissingBean
    DefaultErrorHandler kafkaErrorHandler(KaspiKafkaProperties kafka, KafkaTemplate<String, Object> kafkaTemplate,
            KafkaClientConfig client) {
        KafkaTemplate<String, byte[]> rawTemplate = new KafkaTemplate<>(
                new DefaultKafkaProducerFactory<>(client.rawProducerProperties()));
        // byte[] first: a poison record is republished as the bytes it arrived with.
        Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
        templates.put(byte[].class, rawTemplate);
        templates.put(Object.class, kafkaTemplate);
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(templates,
                (record, error) -> new TopicPartition(record.topic() + Topic.DEAD_LETTER_SUFFIX, record.partition()));
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(kafka.maxRetries());
        backOff.setInitialInterval(kafka.retryBackoff().toMillis());
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(kafka.retryBackoff().toMillis() * 16);
        return new DefaultErrorHandler(recoverer, backOff);
    }

    @Bean
    @ConditionalOnMissingBean
    CatalogTopicGuard catalogTopicGuard(ObjectProvider<KafkaListenerEndpointRegistry> registry,
            @Value("${spring.application.name:kaspi-bridge}") String application) {
        return new CatalogTopicGuard(registry.getIfAvailable(KafkaListenerEndpointRegistry::new),
                application);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
        KafkaHealthIndicator kafkaHealthIndicator(KaspiKafkaProperties kafka) {
            return new KafkaHealthIndicator(kafka.bootstrapServers());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    @ConditionalOnProperty(prefix = "kaspi.kafka.watch", name = "enabled", matchIfMissing = true)
    static class Watch {
        // The registry is looked up when the bean is made, not when the condition is evaluated: Boot's metrics
        // auto-configuration may come after this one.
        @Bean
        @ConditionalOnMissingBean
        KafkaWatch kafkaWatch(KaspiKafkaProperties kafka, ObjectProvider<MeterRegistry> meters) {
            return new KafkaWatch(kafka.bootstrapServers(), kafka.watch().interval(),
                    Pattern.compile(kafka.watch().groups()), meters.getIfAvailable(SimpleMeterRegistry::new));
        }
    }

    @Bean
    @ConditionalOnMissingBean
    KafkaAdmin kafkaAdmin(KaspiKafkaProperties kafka) {
        KafkaAdmin admin = new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        // A service must not start against a cluster where its topics cannot be declared.
        admin.setFatalIfBrokerNotAvailable(true);
        return admin;
    }
}
