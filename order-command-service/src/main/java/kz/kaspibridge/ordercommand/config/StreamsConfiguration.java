package kz.kaspibridge.ordercommand.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import kz.kaspibridge.ordercommand.policy.AcceptancePolicy;
import kz.kaspibridge.ordercommand.streams.OrderCommandTopology;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.serde.StreamsSerdes;
import kz.kaspibridge.schemas.spring.KaspiKafkaProperties;
import kz.kaspibridge.schemas.spring.KaspiStreams;
import kz.kaspibridge.schemas.topics.Topics;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * The topology of {@link OrderCommandTopology}, run the services' one way ({@link KaspiStreams}: plain Kafka
 * Streams through spring-kafka's {@link StreamsBuilderFactoryBean}, {@code exactly_once_v2}, serdes from
 * shared-schemas, undecodable records copied verbatim to {@code <topic>-dlt}).
 */
@Configuration(proxyBeanMethods = false)
class StreamsConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    StreamsBuilderFactoryBean orderCommandStreams(KafkaClientConfig client, KaspiKafkaProperties kafka,
                                                  OrderCommandProperties properties, Clock clock,
                                                  MeterRegistry meterRegistry) {
        StreamsSerdes serdes = new StreamsSerdes(client);
        OrderCommandProperties.Streams streams = properties.streams();
        OrderCommandTopology.Settings settings = new OrderCommandTopology.Settings(serdes.value(Topics.ORDERS),
                serdes.value(Topics.ORDER_COMMANDS), serdes.value(Topics.ORDER_RESULTS),
                serdes.value(Topics.STOCK_CHANGES), serdes.value(Topics.AVAILABLE_STOCK),
                serdes.value(Topics.DELIVERY_COMMANDS), properties.policies(), clock, streams.deadlineCheck(),
                streams.retention(), new MicrometerCommandMetrics(meterRegistry,
                        properties.merchants().stream().map(OrderCommandProperties.Merchant::id).toList(),
                        properties.merchants().stream()
                        .filter(m -> m.policy() == AcceptancePolicy.MANUAL).map(OrderCommandProperties.Merchant::id)
                        .toList()));
        return KaspiStreams.factory(client, kafka, new KaspiStreams.Options(streams.applicationId(), streams.stateDirectory(),
                streams.standbyReplicas(), streams.commitInterval()), meterRegistry,
                builder -> OrderCommandTopology.build(builder, settings));
    }

    /** Readiness follows the Streams state: UP only while RUNNING (or rebalancing after having run). */
    @Bean
    HealthIndicator streamsHealthIndicator(StreamsBuilderFactoryBean orderCommandStreams) {
        return KaspiStreams.health(orderCommandStreams);
    }
}
