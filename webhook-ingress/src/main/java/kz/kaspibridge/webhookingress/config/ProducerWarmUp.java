package kz.kaspibridge.webhookingress.config;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Map;
import kz.kaspibridge.schemas.common.DeliveryStatus;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.delivery.DeliveryStatusReported;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.schemas.webhooks.WebhookReceived;
import kz.kaspibridge.webhookingress.dedup.KafkaSeenEvents;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Before the server takes traffic: loads the producers' topic metadata and registers (and caches)
 * the two value schemas, by serializing one sample of each without sending it. A failure is only
 * logged: the first real webhooks then retry the same work, at worst answering 503.
 */
final class ProducerWarmUp implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProducerWarmUp.class);

    private final AvroKafkaSerializer<Object> serializer;
    private final Producer<String, Object> records;
    private final Clock clock;
    private volatile boolean running;

    ProducerWarmUp(AvroKafkaSerializer<Object> serializer, Producer<String, Object> records, Clock clock) {
        this.serializer = serializer;
        this.records = records;
        this.clock = clock;
    }

    @Override
    public void start() {
        running = true;
        try {
            records.partitionsFor(Topics.DELIVERY_STATUS_REPORTS.name());
            records.partitionsFor(Topics.WEBHOOKS_ARCHIVE.name());
            serializer.serialize(Topics.DELIVERY_STATUS_REPORTS.name(), sampleReport());
            serializer.serialize(Topics.WEBHOOKS_ARCHIVE.name(), sampleArchive());
        } catch (RuntimeException e) {
            log.warn("producer warm-up failed, the first webhooks may get 503", e);
        }
    }

    private EventMetadata metadata() {
        return EventMetadata.newBuilder().setEventId("warm-up").setOccurredAt(clock.instant()).setMerchantId("warm-up")
                .setCorrelationId("warm-up").setCausationId(null).build();
    }

    private DeliveryStatusReported sampleReport() {
        return DeliveryStatusReported.newBuilder().setMetadata(metadata()).setOrderCode("warm-up")
                .setWebhookEventId("warm-up").setWebhookType("delivery.created").setAttempt(1)
                .setDeliveryId("warm-up").setStatus(DeliveryStatus.CREATED).setStatusAt(clock.instant()).build();
    }

    private WebhookReceived sampleArchive() {
        return WebhookReceived.newBuilder().setMetadata(metadata()).setWebhookId("warm-up").setPath("/")
                .setReceivedAt(clock.instant()).setHeaders(Map.of()).setBody(ByteBuffer.wrap(new byte[0])).build();
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** With the dedup store, before the web server. */
    @Override
    public int getPhase() {
        return KafkaSeenEvents.BEFORE_WEB_SERVER_PHASE;
    }
}
