package kz.kaspibridge.ordercommand.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import kz.kaspibridge.ordercommand.streams.OrderCommandTopology;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.serde.StreamsSerdes;
import kz.kaspibridge.schemas.spring.KaspiKafkaProperties;
import kz.kaspibridge.schemas.topics.Topics;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.KafkaStreamsInfrastructureCustomizer;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.streams.KafkaStreamsMicrometerListener;
import org.springframework.kafka.streams.RecoveringDeserializationExceptionHandler;

/**
 * Plain Kafka Streams through spring-kafka's {@link StreamsBuilderFactoryBean}: {@code exactly_once_v2}, the
 * topology of {@link OrderCommandTopology}, serdes from shared-schemas, and undecodable records copied verbatim to
 * {@code <topic>-dlt} (same partition) before the stream moves on.
 */
@Configuration(proxyBeanMethods = false)
class StreamsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StreamsConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    StreamsBuilderFactoryBean orderCommandStreams(KaspiKafkaProperties kafka, OrderCommandProperties properties,
                                                  Clock clock, MeterRegistry meterRegistry) {
        KafkaClientConfig client = new KafkaClientConfig(kafka.bootstrapServers(), kafka.registryUrl(),
                kafka.autoRegister());
        StreamsSerdes serdes = new StreamsSerdes(client);
        OrderCommandProperties.Streams streams = properties.streams();
        Map<String, Object> props = serdes.streamsProperties(streams.applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, streams.stateDirectory().toString());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, streams.standbyReplicas());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, streams.commitInterval().toMillis());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replication(kafka));
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                RecoveringDeserializationExceptionHandler.class);
        props.put(RecoveringDeserializationExceptionHandler.KSTREAM_DESERIALIZATION_RECOVERER,
                new DeadLetterPublishingRecoverer(new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                        rawKeyAndValue(client)))));

        StreamsBuilderFactoryBean factory = new StreamsBuilderFactoryBean(new KafkaStreamsConfiguration(props));
        OrderCommandTopology.Settings settings = new OrderCommandTopology.Settings(serdes.value(Topics.ORDERS),
                serdes.value(Topics.ORDER_COMMANDS), serdes.value(Topics.ORDER_RESULTS),
                serdes.value(Topics.STOCK_CHANGES), serdes.value(Topics.AVAILABLE_STOCK),
                serdes.value(Topics.DELIVERY_COMMANDS), properties.policies(), clock, streams.deadlineCheck(),
                streams.retention(), new MicrometerCommandMetrics(meterRegistry));
        factory.setInfrastructureCustomizer(new KafkaStreamsInfrastructureCustomizer() {
            @Override
            public void configureBuilder(StreamsBuilder builder) {
                OrderCommandTopology.build(builder, settings);
            }
        });
        factory.setStreamsUncaughtExceptionHandler(e -> {
            // A bug or a lost broker: replace the thread (its tasks restore from the changelogs) rather than
            // silently stop deciding; the error stays in the log with its stack trace.
            log.error("streams thread failed, replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        factory.addListener(new KafkaStreamsMicrometerListener(meterRegistry));
        return factory;
    }

    /** Readiness follows the Streams state: UP only while RUNNING (or rebalancing after having run). */
    @Bean
    HealthIndicator streamsHealthIndicator(StreamsBuilderFactoryBean orderCommandStreams) {
        return () -> {
            KafkaStreams kafkaStreams = orderCommandStreams.getKafkaStreams();
            if (kafkaStreams == null) {
                return Health.down().withDetail("state", "NOT_STARTED").build();
            }
            KafkaStreams.State state = kafkaStreams.state();
            Health.Builder health = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                    ? Health.up() : Health.down();
            return health.withDetail("state", state.name()).build();
        };
    }

    /** Streams hands the recoverer the undecoded record: key and value both stay bytes, copied verbatim. */
    private static Map<String, Object> rawKeyAndValue(KafkaClientConfig client) {
        Map<String, Object> props = client.rawProducerProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    static short replication(KaspiKafkaProperties kafka) {
        return kafka.replicationFactor() > 0 ? kafka.replicationFactor() : 3;
    }
}
