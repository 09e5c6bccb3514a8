package kz.kaspibridge.deliverygateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import kz.kaspibridge.deliverygateway.kaspi.DeliveryCalls;
import kz.kaspibridge.deliverygateway.kaspi.IntentListener;
import kz.kaspibridge.kaspiclient.KaspiApiException;
import kz.kaspibridge.kaspiclient.delivery.DeliveryClientSettings;
import kz.kaspibridge.kaspiclient.delivery.KaspiDeliveryClient;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.spring.KaspiKafkaProperties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.core.JacksonException;

/**
 * The Delivery API side: one client per merchant (its API key), the calls, the text producer of outcomes and dead
 * letters, and the record listener container that reads {@code delivery-gateway.requests}.
 */
@Configuration(proxyBeanMethods = false)
class CallsConfiguration {

    @Bean
    DeliveryCalls deliveryCalls(DeliveryGatewayProperties properties, MeterRegistry meters, Clock clock) {
        DeliveryGatewayProperties.Kaspi kaspi = properties.kaspi();
        Map<String, KaspiDeliveryClient> clients = new LinkedHashMap<>();
        for (DeliveryGatewayProperties.Merchant merchant : properties.merchants()) {
            DeliveryClientSettings settings = DeliveryClientSettings.defaults(kaspi.baseUrl(), merchant.resolveApiKey())
                    .withTimeouts(kaspi.connectTimeout(), kaspi.timeout());
            clients.put(merchant.id(), new KaspiDeliveryClient(settings, meters, clock));
        }
        // The client's own retries (3, with backoff and Retry-After) fit in this; the container retries after it.
        Duration callTimeout = kaspi.timeout().multipliedBy(5).plus(Duration.ofSeconds(30));
        return new DeliveryCalls(clients, clock, callTimeout);
    }

    /** Outcomes and dead letters are JSON text: the topics are internal. */
    @Bean(destroyMethod = "destroy")
    DefaultKafkaProducerFactory<String, String> textProducerFactory(KafkaClientConfig client) {
        Map<String, Object> props = client.rawProducerProperties();
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new DefaultKafkaProducerFactory<>(props);
    }

    @Bean
    IntentListener intentListener(DeliveryCalls calls, DefaultKafkaProducerFactory<String, String> textProducerFactory) {
        return new IntentListener(calls, new KafkaTemplate<>(textProducerFactory));
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, String> requestsContainerFactory(KafkaClientConfig client,
            KaspiKafkaProperties kafka, DeliveryGatewayProperties properties,
            DefaultKafkaProducerFactory<String, String> textProducerFactory, ObjectProvider<IntentListener> listener) {
        // The listener's groupId attribute overrides this one.
        Map<String, Object> consumer = client.consumerProperties(properties.streams().applicationId() + "-requests");
        consumer.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, StringDeserializer.class);
        // A call can take a while (one request in flight per API key): small polls keep max.poll.interval safe.
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
        ConcurrentKafkaListenerContainerFactory<String, String> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(consumer));
        factory.setConcurrency(properties.kaspi().concurrency());
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);

        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(
                new KafkaTemplate<>(textProducerFactory));
        DefaultErrorHandler errors = new DefaultErrorHandler((record, failure) -> {
            listener.getObject().giveUp(record, failure);
            deadLetters.accept(record, failure);
        }, backOff(kafka, properties.kaspi().giveUpAfter()));
        errors.addNotRetryableExceptions(IllegalArgumentException.class, JacksonException.class);
        // Kaspi's malformed answer carries the parser's JacksonException as its cause, and the classifier looks
        // through causes: classified on its own, it is retried like a 5xx instead of failing the booking at once
        // (an unreadable intent, the JacksonException above, is still dead at once).
        errors.addRetryableExceptions(KaspiApiException.MalformedResponse.class);
        factory.setCommonErrorHandler(errors);
        return factory;
    }

    /**
     * Kaspi down or uncertain: the intent is retried in place (later intents of the partition wait, so one order's
     * calls keep their order) with exponential backoff for {@code giveUpAfter} in all, then given up.
     */
    private static ExponentialBackOff backOff(KaspiKafkaProperties kafka, Duration giveUpAfter) {
        ExponentialBackOff backOff = new ExponentialBackOff(kafka.retryBackoff().toMillis(), 2.0);
        backOff.setMaxInterval(Duration.ofSeconds(60).toMillis());
        backOff.setMaxElapsedTime(giveUpAfter.toMillis());
        return backOff;
    }
}
