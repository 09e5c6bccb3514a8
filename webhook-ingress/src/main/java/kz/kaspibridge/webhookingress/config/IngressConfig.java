package kz.kaspibridge.webhookingress.config;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.spring.CatalogTopics;
import kz.kaspibridge.schemas.spring.KaspiKafkaProperties;
import kz.kaspibridge.schemas.topics.CleanupPolicy;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.schemas.webhooks.WebhookSignatures;
import kz.kaspibridge.webhookingress.dedup.KafkaSeenEvents;
import kz.kaspibridge.webhookingress.intake.MerchantEndpoint;
import kz.kaspibridge.webhookingress.intake.SourceRateLimiter;
import kz.kaspibridge.webhookingress.intake.WebhookIntake;
import kz.kaspibridge.webhookingress.publishing.KafkaWebhookRecords;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Builds the intake and its Kafka adapters from the one properties record. */
@Configuration(proxyBeanMethods = false)
class IngressConfig {

    static final String CLIENT_ID = "webhook-ingress";

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    List<MerchantEndpoint> merchantEndpoints(WebhookIngressProperties properties) {
        List<MerchantEndpoint> endpoints = properties.merchants().stream()
                .map(m -> new MerchantEndpoint(m.merchantId(), m.path(),
                        m.allSecrets().stream().map(WebhookSignatures::decodeSecret).toList()))
                .toList();
        long distinctPaths = endpoints.stream().map(MerchantEndpoint::path).distinct().count();
        if (distinctPaths != endpoints.size()) {
            throw new IllegalStateException("webhook-ingress.merchants[].path must be unique per merchant");
        }
        return endpoints;
    }

    @Bean
    KafkaAdmin.NewTopics webhookIngressTopics(KaspiKafkaProperties kafka) {
        return CatalogTopics.declare(kafka, Topics.DELIVERY_STATUS_REPORTS, Topics.WEBHOOKS_ARCHIVE);
    }

    @Bean
    NewTopic webhookIngressDedupTopic(KaspiKafkaProperties kafka, WebhookIngressProperties properties) {
        return dedupTopic(kafka, properties.dedup());
    }

    /**
     * Internal to this service, so not in the catalog. Keys are unique eventIds, so compaction
     * alone would keep every marker forever; {@code compact,delete} also drops segments older than
     * the retention, which is longer than the horizon each instance loads.
     */
    static NewTopic dedupTopic(KaspiKafkaProperties kafka, WebhookIngressProperties.Dedup dedup) {
        return CatalogTopics.newTopic(kafka, Topics.internal(dedup.topic(), "merchant:eventId", dedup.partitions(),
                CleanupPolicy.COMPACT_DELETE, Optional.of(dedup.retention()), CLIENT_ID));
    }

    /**
     * Built here rather than by class name so {@link ProducerWarmUp} can register and cache the
     * schemas in this very instance before traffic arrives: otherwise the first webhooks after a
     * start pay a registry round trip and may miss the 2 s budget.
     */
    @Bean
    AvroKafkaSerializer<Object> webhookValueSerializer(KafkaClientConfig client) {
        AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>();
        serializer.configure(client.producerProperties(), false);
        return serializer;
    }

    @Bean(destroyMethod = "close")
    Producer<String, Object> webhookProducer(KafkaClientConfig client, WebhookIngressProperties properties,
            AvroKafkaSerializer<Object> webhookValueSerializer) {
        return new KafkaProducer<>(withAnswerDeadline(client.producerProperties(), properties, "records"),
                new StringSerializer(), webhookValueSerializer);
    }

    @Bean
    ProducerWarmUp producerWarmUp(AvroKafkaSerializer<Object> webhookValueSerializer,
            Producer<String, Object> webhookProducer, Producer<String, String> dedupMarkerProducer,
            WebhookIngressProperties properties, Clock clock) {
        return new ProducerWarmUp(webhookValueSerializer, webhookProducer, dedupMarkerProducer,
                properties.dedup().topic(), clock);
    }

    @Bean(destroyMethod = "close")
    Producer<String, String> dedupMarkerProducer(KafkaClientConfig client, WebhookIngressProperties properties) {
        Map<String, Object> props = withAnswerDeadline(client.producerProperties(), properties, "dedup");
        // The marker topic is internal plain text (key and value), not an Avro contract.
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(props);
    }

    /**
     * Kaspi must get 503 within about {@code produceTimeout} when Kafka cannot take a write, so the
     * producer gives up by then instead of the shared 30 s / 5 s; request.timeout.ms must stay below
     * delivery.timeout.ms minus linger.ms, or Kafka rejects the configuration.
     */
    private static Map<String, Object> withAnswerDeadline(Map<String, Object> shared, WebhookIngressProperties properties,
            String role) {
        Map<String, Object> props = new HashMap<>(shared);
        int deadline = (int) properties.produceTimeout().toMillis();
        int linger = Integer.parseInt(String.valueOf(props.getOrDefault(ProducerConfig.LINGER_MS_CONFIG, 0)));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deadline);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(100, deadline - linger - 100));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (long) deadline);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID + "-" + role);
        return props;
    }

    @Bean
    KafkaSeenEvents seenEvents(KafkaClientConfig client, WebhookIngressProperties properties, Clock clock) {
        // Plain-text markers, and no group: each instance assigns every partition and commits nothing.
        Map<String, Object> props = client.plainTextReaderProperties(CLIENT_ID + "-dedup");
        return new KafkaSeenEvents(() -> new KafkaConsumer<>(props), properties.dedup().topic(),
                properties.dedup().horizon(), clock);
    }

    @Bean
    WebhookIntake webhookIntake(KafkaSeenEvents seenEvents, Producer<String, Object> webhookProducer,
            Producer<String, String> dedupMarkerProducer, WebhookIngressProperties properties, Clock clock) {
        var limit = properties.rateLimit();
        SourceRateLimiter limiter = new SourceRateLimiter(limit.requestsPerSecond(), limit.burst(), limit.maxSources(),
                System::nanoTime);
        KafkaWebhookRecords records = new KafkaWebhookRecords(webhookProducer, dedupMarkerProducer,
                properties.dedup().topic());
        return new WebhookIntake(seenEvents, records, limiter, clock, properties.maxBodySize().toBytes(),
                properties.timestampTolerance(), properties.produceTimeout());
    }
}
