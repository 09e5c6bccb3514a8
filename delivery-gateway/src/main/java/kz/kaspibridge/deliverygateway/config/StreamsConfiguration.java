package kz.kaspibridge.deliverygateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import kz.kaspibridge.deliverygateway.streams.DeliveryGatewayTopology;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.serde.StreamsSerdes;
import kz.kaspibridge.schemas.spring.KaspiKafkaProperties;
import kz.kaspibridge.schemas.spring.KaspiStreams;
import kz.kaspibridge.schemas.topics.Topics;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/** The delivery lifecycle topology ({@link DeliveryGatewayTopology}), run the services' one way ({@link KaspiStreams}). */
@Configuration(proxyBeanMethods = false)
class StreamsConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MicrometerGatewayMetrics gatewayMetrics(MeterRegistry meters, Clock clock, DeliveryGatewayProperties properties) {
        // A full pass over 100,000 deliveries at the defaults takes about 3 minutes: counts stay shown for 10.
        DeliveryGatewayProperties.Reconciliation reconciliation = properties.reconciliation();
        Duration pass = reconciliation.check().multipliedBy(Math.max(1, 100_000 / reconciliation.slice()));
        return new MicrometerGatewayMetrics(meters, clock, pass.multipliedBy(3).compareTo(Duration.ofMinutes(10)) > 0
                ? pass.multipliedBy(3) : Duration.ofMinutes(10));
    }

    @Bean
    StreamsBuilderFactoryBean deliveryGatewayStreams(KafkaClientConfig client, KaspiKafkaProperties kafka,
                                                     DeliveryGatewayProperties properties, Clock clock,
                                                     MicrometerGatewayMetrics metrics, MeterRegistry meters) {
        StreamsSerdes serdes = new StreamsSerdes(client);
        DeliveryGatewayProperties.Streams streams = properties.streams();
        DeliveryGatewayProperties.Reconciliation reconciliation = properties.reconciliation();
        DeliveryGatewayTopology.Settings settings = new DeliveryGatewayTopology.Settings(
                serdes.value(Topics.DELIVERY_COMMANDS), serdes.value(Topics.DELIVERY_STATUS_REPORTS),
                serdes.value(Topics.DELIVERY_EVENTS), clock, reconciliation.check(), reconciliation.slice(),
                reconciliation.after(),
                reconciliation.maxPerRun(), streams.retention(), streams.unknownReportWait(), metrics);
        return KaspiStreams.factory(client, kafka, new KaspiStreams.Options(streams.applicationId(), streams.stateDirectory(),
                streams.standbyReplicas(), streams.commitInterval()), meters,
                builder -> DeliveryGatewayTopology.build(builder, settings));
    }

    /** Readiness follows the Streams state. */
    @Bean
    HealthIndicator streamsHealthIndicator(StreamsBuilderFactoryBean deliveryGatewayStreams) {
        return KaspiStreams.health(deliveryGatewayStreams);
    }
}
