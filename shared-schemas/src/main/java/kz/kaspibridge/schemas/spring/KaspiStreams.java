package kz.kaspibridge.schemas.spring;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.serde.StreamsSerdes;
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
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.KafkaStreamsInfrastructureCustomizer;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.streams.KafkaStreamsMicrometerListener;
import org.springframework.kafka.streams.RecoveringDeserializationExceptionHandler;

/**
 * The one way the services run Kafka Streams: plain Streams through spring-kafka's {@link StreamsBuilderFactoryBean},
 * {@code exactly_once_v2} and the catalog's serdes ({@link StreamsSerdes}), undecodable records copied verbatim to
 * {@code <topic>-dlt} (same partition) before the stream moves on, a failed stream thread replaced (its tasks
 * restore from the changelogs) rather than left dead, Micrometer's Streams meters, and a readiness check that
 * follows the Streams state.
 */
public final class KaspiStreams {

    private static final Logger log = LoggerFactory.getLogger(KaspiStreams.class);

    /**
     * @param applicationId   {@code application.id}: consumer group, and prefix of changelog and repartition topics
     * @param stateDir        local RocksDB directory, a cache of the changelogs
     * @param standbyReplicas warm copies of each store on other instances
     * @param commitInterval  exactly-once commit interval: the latency floor of everything the topology writes
     */
    public record Options(String applicationId, Path stateDir, int standbyReplicas, Duration commitInterval) {
    }

    private KaspiStreams() {
    }

    /**
     * The factory bean for a topology that {@code topology} adds to the builder.
     *
     * @param client the service's {@link KafkaClientConfig} bean
     */
    public static StreamsBuilderFactoryBean factory(KafkaClientConfig client, KaspiKafkaProperties kafka,
                                                    Options options, MeterRegistry meters,
                                                    Consumer<StreamsBuilder> topology) {
        Map<String, Object> props = new StreamsSerdes(client).streamsProperties(options.applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, options.stateDir().toString());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, options.standbyReplicas());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, options.commitInterval().toMillis());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replication(kafka));
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                RecoveringDeserializationExceptionHandler.class);
        props.put(RecoveringDeserializationExceptionHandler.KSTREAM_DESERIALIZATION_RECOVERER,
                new DeadLetterPublishingRecoverer(new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                        rawKeyAndValue(client)))));

        StreamsBuilderFactoryBean factory = new StreamsBuilderFactoryBean(new KafkaStreamsConfiguration(props));
        factory.setInfrastructureCustomizer(new KafkaStreamsInfrastructureCustomizer() {
            @Override
            public void configureBuilder(StreamsBuilder builder) {
                topology.accept(builder);
            }
        });
        factory.setStreamsUncaughtExceptionHandler(e -> {
            // A bug or a lost broker: replace the thread (its tasks restore from the changelogs) rather than
            // silently stop; the error stays in the log with its stack trace.
            log.error("streams thread failed, replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        factory.addListener(new KafkaStreamsMicrometerListener(meters));
        return factory;
    }

    /** Readiness follows the Streams state: UP only while RUNNING (or rebalancing after having run). */
    public static HealthIndicator health(StreamsBuilderFactoryBean factory) {
        return () -> {
            KafkaStreams kafkaStreams = factory.getKafkaStreams();
            if (kafkaStreams == null) {
                return Health.down().withDetail("state", "NOT_STARTED").build();
            }
            KafkaStreams.State state = kafkaStreams.state();
            Health.Builder health = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                    ? Health.up() : Health.down();
            return health.withDetail("state", state.name()).build();
        };
    }

    /** The replication factor of internal topics: the local override, else production's. */
    private static short replication(KaspiKafkaProperties kafka) {
        return kafka.replicationFactor() > 0 ? kafka.replicationFactor() : Topics.PRODUCTION_REPLICAS;
    }

    /** Streams hands the recoverer the undecoded record: key and value both stay bytes, copied verbatim. */
    private static Map<String, Object> rawKeyAndValue(KafkaClientConfig client) {
        Map<String, Object> props = client.rawProducerProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }
}
