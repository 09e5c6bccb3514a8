package kz.kaspibridge.ordercommand.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import kz.kaspibridge.kaspiclient.ApiToken;
import kz.kaspibridge.kaspiclient.shop.KaspiShopClient;
import kz.kaspibridge.kaspiclient.shop.ShopClientSettings;
import kz.kaspibridge.ordercommand.kaspi.EffectListener;
import kz.kaspibridge.ordercommand.kaspi.EffectRetries;
import kz.kaspibridge.ordercommand.kaspi.KaspiEffectExecutor;
import kz.kaspibridge.ordercommand.streams.Effect;
import kz.kaspibridge.schemas.delivery.Stop;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.spring.KaspiKafkaProperties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The effect executor: the Kaspi client, one transactional producer for results and bookings (and offsets), the
 * pool effects of different orders run on, and the batch listener container that reads
 * {@code order-command-service.effects}.
 */
@Configuration(proxyBeanMethods = false)
class EffectsConfiguration {

    /** Intents per poll and consumer thread: enough to keep {@code kaspi.parallelism} busy through a backlog. */
    static final int MAX_POLL_RECORDS = 200;

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
    EffectsProducer effectsProducer(KafkaClientConfig client, OrderCommandProperties properties) {
        DefaultKafkaProducerFactory<String, Object> factory = new DefaultKafkaProducerFactory<>(
                client.producerProperties());
        // One transactional id per instance and partition: a restarted instance fences its predecessor.
        factory.setTransactionIdPrefix(properties.streams().applicationId() + "-effects-");
        return new EffectsProducer(factory, new KafkaTemplate<>(factory));
    }

    record EffectsProducer(DefaultKafkaProducerFactory<String, Object> factory, KafkaTemplate<String, Object> template) {
        void close() {
            factory.destroy();
        }
    }

    /** The pool the effects of different orders are carried out on, and the timer of partition pauses. */
    record EffectWorkers(ExecutorService pool, ScheduledExecutorService timer) {
        void close() {
            pool.shutdownNow();
            timer.shutdownNow();
        }
    }

    @Bean(destroyMethod = "close")
    EffectWorkers effectWorkers(OrderCommandProperties properties) {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(properties.kaspi().parallelism(), r -> {
            Thread t = new Thread(r, "kaspi-effect-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kaspi-effect-backoff");
            t.setDaemon(true);
            return t;
        });
        return new EffectWorkers(pool, timer);
    }

    @Bean
    EffectListener effectListener(KaspiEffectExecutor executor, EffectsProducer effectsProducer,
                                  EffectWorkers workers, KafkaClientConfig client, KaspiKafkaProperties kafka,
                                  ObjectProvider<KafkaListenerEndpointRegistry> registry) {
        DeadLetterPublishingRecoverer recoverer = deadLetters(client);
        return new EffectListener(executor, effectsProducer.template(), workers.pool(),
                new EffectRetries(backOff(kafka)), recoverer::accept,
                new ContainerPauser(() -> registry.getObject().getListenerContainer(EffectListener.ID),
                        workers.timer()),
                kafka.retryBackoff().toMillis());
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, String> effectsContainerFactory(KafkaClientConfig client,
            KaspiKafkaProperties kafka, OrderCommandProperties properties, ObjectProvider<EffectListener> listener) {
        // The listener's groupId attribute overrides this one.
        Map<String, Object> consumer = client.consumerProperties(properties.streams().applicationId() + "-effects");
        consumer.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, StringDeserializer.class);
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        ConcurrentKafkaListenerContainerFactory<String, String> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(consumer));
        // Each consumer thread owns some partitions and hands a poll's orders to the shared pool.
        factory.setConcurrency(properties.kaspi().concurrency());
        factory.setBatchListener(true);
        // The listener commits offsets in its own transactions (sendOffsetsToTransaction); the container never does.
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
        factory.getContainerProperties().setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                listener.getObject().revoked(partitions);
            }

            @Override
            public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                listener.getObject().revoked(partitions);
            }
        });
        // The listener handles an intent's failure itself; only a bug (an Error) reaches this: the whole poll is
        // read again, never skipped.
        factory.setCommonErrorHandler(new DefaultErrorHandler((record, e) -> {
        }, new FixedBackOff(kafka.retryBackoff().toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS)));
        return factory;
    }

    /** Pauses through the container (so it resumes what it paused), resumes on a timer. */
    static final class ContainerPauser implements EffectListener.Pauser {
        private final Supplier<MessageListenerContainer> container;
        private final ScheduledExecutorService timer;
        private final Map<TopicPartition, ScheduledFuture<?>> resumes = new ConcurrentHashMap<>();

        ContainerPauser(Supplier<MessageListenerContainer> container, ScheduledExecutorService timer) {
            this.container = container;
            this.timer = timer;
        }

        @Override
        public void pause(TopicPartition partition, long millis) {
            // Off the consumer thread: the container's pause and resume take its lifecycle lock.
            timer.execute(() -> container.get().pausePartition(partition));
            ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
            self[0] = timer.schedule(() -> {
                if (resumes.remove(partition, self[0])) {
                    container.get().resumePartition(partition);
                }
            }, millis, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> before = resumes.put(partition, self[0]);
            if (before != null) {
                before.cancel(false);
            }
        }

        @Override
        public void cancel(TopicPartition partition) {
            ScheduledFuture<?> before = resumes.remove(partition);
            if (before != null) {
                before.cancel(false);
            }
            timer.execute(() -> container.get().resumePartition(partition));
        }
    }

    /**
     * Kaspi down or uncertain: retried (later effects of the order wait) with exponential backoff up to about five
     * minutes in all, then the intent goes to {@code order-command-service.effects-dlt} with the {@code kafka_dlt-*}
     * headers, for an operator to replay once Kaspi is back. An unreadable intent goes there at once.
     */
    private static ExponentialBackOff backOff(KaspiKafkaProperties kafka) {
        ExponentialBackOff backOff = new ExponentialBackOff(kafka.retryBackoff().toMillis(), 2.0);
        backOff.setMaxInterval(Duration.ofSeconds(60).toMillis());
        backOff.setMaxElapsedTime(Duration.ofMinutes(5).toMillis());
        return backOff;
    }

    /** The same recoverer (destination {@code <topic>-dlt}, same partition; headers) the error handler used. */
    private static DeadLetterPublishingRecoverer deadLetters(KafkaClientConfig client) {
        Map<String, Object> text = client.rawProducerProperties();
        text.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
        templates.put(byte[].class, new KafkaTemplate<>(new DefaultKafkaProducerFactory<String, byte[]>(
                client.rawProducerProperties())));
        templates.put(String.class, new KafkaTemplate<>(new DefaultKafkaProducerFactory<String, String>(text)));
        return new DeadLetterPublishingRecoverer(templates);
    }

    /**
     * {@code kaspi.commands.effects{type,outcome}} and the two latencies from {@code OrderReceived.occurredAt}, tagged
     * {@code origin}: {@code policy} (decided here, what the acceptance objective is about) or {@code command} (the
     * merchant's own AcceptOrder, which waits for a person). Both series exist from the start, so a rate is never
     * missing its first sample.
     */
    static final class MicrometerEffectMetrics implements KaspiEffectExecutor.EffectMetrics {
        private static final List<String> ORIGINS = List.of("POLICY", "COMMAND");

        private final MeterRegistry meters;
        private final Clock clock;
        private final Map<String, Timer> toAcceptCall = new HashMap<>();
        private final Map<String, Timer> toAccepted = new HashMap<>();

        MicrometerEffectMetrics(MeterRegistry meters, Clock clock) {
            this.meters = meters;
            this.clock = clock;
            for (String origin : ORIGINS) {
                String tag = origin.toLowerCase(Locale.ROOT);
                toAcceptCall.put(origin, Timer.builder("kaspi.commands.accept.call.latency")
                        .description("OrderReceived.occurredAt to the Kaspi accept call").tag("origin", tag)
                        .publishPercentileHistogram().register(meters));
                toAccepted.put(origin, Timer.builder("kaspi.commands.accepted.latency")
                        .description("OrderReceived.occurredAt to OrderAccepted").tag("origin", tag)
                        .publishPercentileHistogram().register(meters));
            }
        }

        @Override
        public void effect(String type, String outcome) {
            meters.counter("kaspi.commands.effects", "type", type, "outcome", outcome).increment();
        }

        @Override
        public void callStarted(Effect effect) {
            if ("ACCEPT".equals(effect.type())) {
                timer(toAcceptCall, effect).record(
                        Duration.ofMillis(Math.max(0, clock.millis() - effect.orderReceivedAt())));
            }
        }

        @Override
        public void accepted(Effect effect) {
            timer(toAccepted, effect).record(
                    Duration.ofMillis(Math.max(0, clock.millis() - effect.orderReceivedAt())));
        }

        private static Timer timer(Map<String, Timer> byOrigin, Effect effect) {
            return byOrigin.getOrDefault(effect.origin(), byOrigin.get("COMMAND"));
        }
    }
}
