package kz.kaspibridge.webhookingress.config;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.spring.CatalogTopics;
import kz.kaspibridge.schemas.spring.KaspiKafkaProperties;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.schemas.webhooks.WebhookSignatures;
import kz.kaspibridge.webhookingress.dedup.KafkaSeenEvents;
import kz.kaspibridge.webhookingress.intake.MerchantEndpoint;
import kz.kaspibridge.webhookingress.intake.ParsedBody;
import kz.kaspibridge.webhookingress.intake.SourceRateLimiter;
import kz.kaspibridge.webhookingress.intake.WebhookIntake;
import kz.kaspibridge.webhookingress.json.WebhookBodyParser;
import kz.kaspibridge.webhookingress.publishing.KafkaWebhookRecords;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Builds the intake and its Kafka adapters from the one properties record. */
@Configuration(proxyBeanMethods = false)
class IngressConfig {

    private static final Logger log = LoggerFactory.getLogger(IngressConfig.class);

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
            Producer<String, Object> webhookProducer, Clock clock) {
        return new ProducerWarmUp(webhookValueSerializer, webhookProducer, clock);
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

    /** The JSON adapter of the intake; the dedup store reads archived bodies with it too. */
    @Bean
    WebhookBodyParser webhookBodyParser() {
        return new WebhookBodyParser();
    }

    @Bean
    KafkaSeenEvents seenEvents(KafkaClientConfig client, WebhookIngressProperties properties,
            WebhookBodyParser parser, Clock clock) {
        // The report and archive topics themselves, read with no group: each instance assigns every
        // partition and commits nothing.
        // Raw bytes: the dedup headers are enough for the intake's own records; others are decoded here.
        Map<String, Object> props = client.plainTextReaderProperties(CLIENT_ID + "-dedup");
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>();
        avro.configure(client.serdeProperties(), false);
        Function<ConsumerRecord<String, byte[]>, Object> decoder = record -> {
            try {
                return avro.deserialize(record.topic(), record.headers(), record.value());
            } catch (RuntimeException e) {
                log.warn("dedup store cannot decode a record topic={} partition={} offset={}", record.topic(),
                        record.partition(), record.offset(), e);
                return null;
            }
        };
        return new KafkaSeenEvents(() -> new KafkaConsumer<>(props), decoder,
                body -> parser.parse(body) instanceof ParsedBody.Known, properties.dedup().horizon(), clock);
    }

    @Bean
    WebhookIntake webhookIntake(WebhookBodyParser parser, KafkaSeenEvents seenEvents,
            Producer<String, Object> webhookProducer, WebhookIngressProperties properties, Clock clock) {
        var limit = properties.rateLimit();
        SourceRateLimiter limiter = new SourceRateLimiter(limit.requestsPerSecond(), limit.burst(), limit.maxSources(),
                System::nanoTime);
        KafkaWebhookRecords records = new KafkaWebhookRecords(webhookProducer);
        return new WebhookIntake(parser, seenEvents, records, limiter, clock, properties.maxBodySize().toBytes(),
                properties.timestampTolerance(), properties.produceTimeout());
    }
}
