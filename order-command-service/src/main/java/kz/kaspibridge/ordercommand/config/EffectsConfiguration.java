package kz.kaspibridge.ordercommand.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import kz.kaspibridge.kaspiclient.ApiToken;
import kz.kaspibridge.kaspiclient.shop.KaspiShopClient;
import kz.kaspibridge.kaspiclient.shop.ShopClientSettings;
import kz.kaspibridge.ordercommand.kaspi.EffectListener;
import kz.kaspibridge.ordercommand.kaspi.KaspiEffectExecutor;
import kz.kaspibridge.ordercommand.streams.Effect;
import kz.kaspibridge.schemas.delivery.Stop;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.spring.KaspiKafkaProperties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.core.JacksonException;

/**
 * The effect executor: the Kaspi client, one transactional producer for results and bookings, and the listener
 * container that reads {@code order-command-service.effects} in order, inside that producer's transactions.
 */
@Configuration(proxyBeanMethods = false)
class EffectsConfiguration {

    @Bean
    KaspiShopClient kaspiShopClient(OrderCommandProperties properties, MeterRegistry meters) {
        ShopClientSettings settings = ShopClientSettings.defaults(properties.kaspi().baseUrl())
                .withTimeouts(Duration.ofSeconds(5), properties.kaspi().timeout());
        return new KaspiShopClient(settings, meters);
    }

    @Bean
    KaspiEffectExecutor kaspiEffectExecutor(KaspiShopClient kaspi, OrderCommandProperties properties, Clock clock,
                                            MeterRegistry meters) {
        Map<String, ApiToken> tokens = new LinkedHashMap<>();
        Map<String, Stop> pickups = new LinkedHashMap<>();
        for (OrderCommandProperties.Merchant merchant : properties.merchants()) {
            tokens.put(merchant.id(), new ApiToken(merchant.resolveToken()));
            if (merchant.pickup() != null) {
                OrderCommandProperties.Pickup pickup = merchant.pickup();
                pickups.put(merchant.id(), Stop.newBuilder().setAddress(pickup.address())
                        .setContactName(pickup.contactName()).setContactPhone(pickup.contactPhone())
                        .setNotes(pickup.notes()).build());
            }
        }
        // The client retries 429 and refused connections itself; each call also waits for its rate-limit slot.
        Duration callTimeout = properties.kaspi().timeout().multipliedBy(4);
        return new KaspiEffectExecutor(kaspi, tokens, pickups, clock, callTimeout, properties.kaspi().waybillWait(),
                new MicrometerEffectMetrics(meters, clock));
    }

    /**
     * The executor's own transactional producer. It is deliberately not a {@code ProducerFactory} or
     * {@code KafkaTemplate} bean, so the shared wiring in shared-schemas keeps its own non-transactional ones.
     */
    @Bean(destroyMethod = "close")
    EffectsProducer effectsProducer(KaspiKafkaProperties kafka, OrderCommandProperties properties) {
        DefaultKafkaProducerFactory<String, Object> factory = new DefaultKafkaProducerFactory<>(
                client(kafka).producerProperties());
        // One transactional id per instance and partition: a restarted instance fences its predecessor.
        factory.setTransactionIdPrefix(properties.streams().applicationId() + "-effects-");
        return new EffectsProducer(factory, new KafkaTemplate<>(factory));
    }

    record EffectsProducer(DefaultKafkaProducerFactory<String, Object> factory, KafkaTemplate<String, Object> template) {
        void close() {
            factory.destroy();
        }
    }

    @Bean
    EffectListener effectListener(KaspiEffectExecutor executor, EffectsProducer effectsProducer) {
        return new EffectListener(executor, effectsProducer.template());
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, String> effectsContainerFactory(KaspiKafkaProperties kafka,
            OrderCommandProperties properties, EffectsProducer effectsProducer) {
        KafkaClientConfig client = client(kafka);
        // The listener's groupId attribute overrides this one.
        Map<String, Object> consumer = client.consumerProperties(properties.streams().applicationId() + "-effects");
        consumer.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, StringDeserializer.class);
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        ConcurrentKafkaListenerContainerFactory<String, String> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(consumer));
        // Each consumer thread owns some partitions: an order whose effect is being retried holds up its own
        // partition only.
        factory.setConcurrency(properties.kaspi().concurrency());
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
        factory.getContainerProperties().setKafkaAwareTransactionManager(
                new KafkaTransactionManager<>(effectsProducer.factory()));
        factory.setCommonErrorHandler(errorHandler(kafka, client));
        return factory;
    }

    /**
     * Kaspi down or uncertain: retried in place (so later effects of the order wait) with exponential backoff up
     * to about five minutes in all, then the intent goes to {@code order-command-service.effects-dlt} with the
     * {@code kafka_dlt-*} headers, for an operator to replay once Kaspi is back. An unreadable intent goes there
     * at once.
     */
    private static DefaultErrorHandler errorHandler(KaspiKafkaProperties kafka, KafkaClientConfig client) {
        Map<String, Object> text = client.rawProducerProperties();
        text.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
        templates.put(byte[].class, new KafkaTemplate<>(new DefaultKafkaProducerFactory<String, byte[]>(
                client.rawProducerProperties())));
        templates.put(String.class, new KafkaTemplate<>(new DefaultKafkaProducerFactory<String, String>(text)));
        ExponentialBackOff backOff = new ExponentialBackOff(kafka.retryBackoff().toMillis(), 2.0);
        backOff.setMaxInterval(Duration.ofSeconds(60).toMillis());
        backOff.setMaxElapsedTime(Duration.ofMinutes(5).toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(new DeadLetterPublishingRecoverer(templates), backOff);
        handler.addNotRetryableExceptions(JacksonException.class, IllegalArgumentException.class);
        return handler;
    }

    private static KafkaClientConfig client(KaspiKafkaProperties kafka) {
        return new KafkaClientConfig(kafka.bootstrapServers(), kafka.registryUrl(), kafka.autoRegister());
    }

    /** {@code kaspi.commands.effects{type,outcome}} and the two latencies from {@code OrderReceived.occurredAt}. */
    static final class MicrometerEffectMetrics implements KaspiEffectExecutor.EffectMetrics {
        private final MeterRegistry meters;
        private final Clock clock;
        private final Timer toAcceptCall;
        private final Timer toAccepted;

        MicrometerEffectMetrics(MeterRegistry meters, Clock clock) {
            this.meters = meters;
            this.clock = clock;
            this.toAcceptCall = Timer.builder("kaspi.commands.accept.call.latency")
                    .description("OrderReceived.occurredAt to the Kaspi accept call").publishPercentileHistogram()
                    .register(meters);
            this.toAccepted = Timer.builder("kaspi.commands.accepted.latency")
                    .description("OrderReceived.occurredAt to OrderAccepted").publishPercentileHistogram()
                    .register(meters);
        }

        @Override
        public void effect(String type, String outcome) {
            meters.counter("kaspi.commands.effects", "type", type, "outcome", outcome).increment();
        }

        @Override
        public void callStarted(Effect effect) {
            if ("ACCEPT".equals(effect.type())) {
                toAcceptCall.record(Duration.ofMillis(Math.max(0, clock.millis() - effect.orderReceivedAt())));
            }
        }

        @Override
        public void accepted(Effect effect) {
            toAccepted.record(Duration.ofMillis(Math.max(0, clock.millis() - effect.orderReceivedAt())));
        }
    }
}
