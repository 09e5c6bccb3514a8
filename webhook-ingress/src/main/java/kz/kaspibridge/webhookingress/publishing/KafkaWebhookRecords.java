package kz.kaspibridge.webhookingress.publishing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import kz.kaspibridge.schemas.common.DeliveryStatus;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.delivery.DeliveryStatusReported;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.schemas.webhooks.WebhookReceived;
import kz.kaspibridge.webhookingress.dedup.DedupHeaders;
import kz.kaspibridge.webhookingress.intake.DeliveryWebhook;
import kz.kaspibridge.webhookingress.intake.MerchantEndpoint;
import kz.kaspibridge.webhookingress.intake.SignedRequest;
import kz.kaspibridge.webhookingress.intake.WebhookRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a verified webhook to Kafka: the status report (key: order code) and the raw request
 * (key: webhook-id) in parallel, one round trip to all in-sync replicas. These records are also
 * the dedup store's source (see {@code KafkaSeenEvents}), so there is no marker to write after
 * them. Without a transaction (see README), one may be acknowledged and the other not: the answer
 * is then 503, the dedup store does not count the half-stored webhook, and Kaspi's retry stores
 * both again; consumers drop the repeated report by {@code webhookEventId}.
 */
public final class KafkaWebhookRecords implements WebhookRecords {

    private final Producer<String, Object> contracts;

    public KafkaWebhookRecords(Producer<String, Object> contracts) {
        this.contracts = contracts;
    }

    @Override
    public CompletableFuture<Void> storeReport(MerchantEndpoint merchant, DeliveryWebhook webhook,
            SignedRequest request, Instant receivedAt) {
        CompletableFuture<Void> report = send(contracts, reportRecord(merchant, webhook, receivedAt));
        CompletableFuture<Void> archive = archive(merchant, webhook.eventId(), request, receivedAt,
                DedupHeaders.Part.ARCHIVE_WITH_REPORT);
        return CompletableFuture.allOf(report, archive);
    }

    @Override
    public CompletableFuture<Void> storeArchiveOnly(MerchantEndpoint merchant, String eventId, SignedRequest request,
            Instant receivedAt) {
        return archive(merchant, eventId, request, receivedAt, DedupHeaders.Part.ARCHIVE_ONLY);
    }

    /** The report record, with the headers the dedup store reads (replay writes the same). */
    public static ProducerRecord<String, Object> reportRecord(MerchantEndpoint merchant, DeliveryWebhook webhook,
            Instant receivedAt) {
        ProducerRecord<String, Object> record = new ProducerRecord<>(Topics.DELIVERY_STATUS_REPORTS.name(),
                webhook.orderCode(), report(merchant, webhook, receivedAt));
        DedupHeaders.add(record.headers(), merchant.dedupKey(webhook.eventId()), DedupHeaders.Part.REPORT);
        return record;
    }

    /** The report as delivery-gateway reads it. Its eventId is derived, so a re-store repeats it. */
    public static DeliveryStatusReported report(MerchantEndpoint merchant, DeliveryWebhook webhook, Instant receivedAt) {
        return DeliveryStatusReported.newBuilder()
                .setMetadata(metadata(merchant, "report", webhook.eventId(), receivedAt))
                .setOrderCode(webhook.orderCode())
                .setWebhookEventId(webhook.eventId())
                .setWebhookType(webhook.type())
                .setAttempt(webhook.attempt())
                .setDeliveryId(webhook.deliveryId())
                .setStatus(DeliveryStatus.valueOf(webhook.status().name()))
                .setStatusAt(webhook.statusAt())
                .build();
    }

    private CompletableFuture<Void> archive(MerchantEndpoint merchant, String eventId, SignedRequest request,
            Instant receivedAt, DedupHeaders.Part part) {
        WebhookReceived raw = WebhookReceived.newBuilder()
                .setMetadata(metadata(merchant, "archive", eventId, receivedAt))
                .setWebhookId(request.webhookId())
                .setPath(merchant.path())
                .setReceivedAt(receivedAt)
                .setHeaders(new java.util.HashMap<>(request.archivedHeaders()))
                .setBody(ByteBuffer.wrap(request.body()))
                .build();
        ProducerRecord<String, Object> record = new ProducerRecord<>(Topics.WEBHOOKS_ARCHIVE.name(),
                request.webhookId(), raw);
        DedupHeaders.add(record.headers(), merchant.dedupKey(eventId), part);
        return send(contracts, record);
    }

    /**
     * Kaspi's eventId is the correlation id of everything this webhook causes; the record's own id
     * is a name-based UUID, so storing the same webhook twice yields the same id.
     */
    private static EventMetadata metadata(MerchantEndpoint merchant, String kind, String eventId, Instant at) {
        String name = "webhook-ingress:" + kind + ":" + merchant.merchantId() + ":" + eventId;
        return EventMetadata.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString())
                .setOccurredAt(at)
                .setMerchantId(merchant.merchantId())
                .setCorrelationId(eventId)
                .setCausationId(null)
                .build();
    }

    private static <V> CompletableFuture<Void> send(Producer<String, V> producer, ProducerRecord<String, V> record) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                acked.completeExceptionally(error);
            } else {
                acked.complete(null);
            }
        });
        return acked;
    }
}
