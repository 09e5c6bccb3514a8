package kz.kaspibridge.webhookingress;

import static kz.kaspibridge.webhookingress.IngressApp.DEMO_PATH;
import static kz.kaspibridge.webhookingress.SignedWebhooks.NEW_SECRET;
import static kz.kaspibridge.webhookingress.SignedWebhooks.body;
import static kz.kaspibridge.webhookingress.SignedWebhooks.sign;
import static kz.kaspibridge.webhookingress.SignedWebhooks.uniqueEventId;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.delivery.DeliveryStatusReported;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.schemas.webhooks.WebhookReceived;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.RecordWriter;
import kz.kaspibridge.webhookingress.intake.MerchantEndpoint;
import kz.kaspibridge.webhookingress.replay.ArchiveReplay;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;

/** The replay command re-emits archived webhooks by eventId or time, re-checking each signature. */
class ArchiveReplayIT {

    @Test
    void replaysAnArchivedWebhookByEventIdAndRefusesOneWhoseSignatureNoLongerVerifies() {
        String eventId = uniqueEventId();
        String body = body(eventId, "P1", "delivered");
        String forgedId = uniqueEventId();
        Instant signedAt = Instant.now().minus(Duration.ofHours(30));
        try (IngressApp app = IngressApp.start(Map.of());
                RecordWriter<Object> writer = new RecordWriter<>(IngressApp.client().producerProperties());
                RecordReader<DeliveryStatusReported> reports = RecordReader.fromBeginning(
                        Topics.DELIVERY_STATUS_REPORTS.name(), IngressApp.client().consumerProperties("it-replay"))) {
            // An archived request older than the tolerance window, and a forged one.
            writer.send(Topics.WEBHOOKS_ARCHIVE.name(), eventId, archived(eventId, body, sign(NEW_SECRET, eventId, signedAt, body)));
            String forged = body(forgedId, "P2", "cancelled");
            writer.send(Topics.WEBHOOKS_ARCHIVE.name(), forgedId,
                    archived(forgedId, forged, sign(SignedWebhooks.fake("fake-attacker-secret-not-real"), forgedId, signedAt, forged)));

            Map<String, Object> props = new HashMap<>(IngressApp.client().consumerProperties("it-replay-archive"));
            props.remove(ConsumerConfig.GROUP_ID_CONFIG);
            @SuppressWarnings("unchecked")
            Producer<String, Object> producer = app.context().getBean("webhookProducer", Producer.class);
            @SuppressWarnings("unchecked")
            List<MerchantEndpoint> merchants = app.context().getBean("merchantEndpoints", List.class);
            ArchiveReplay.Result result;
            try (KafkaConsumer<String, WebhookReceived> archive = new KafkaConsumer<>(props)) {
                result = new ArchiveReplay(archive, producer, merchants).replay(new ArchiveReplay.Selection(
                        Instant.now().minus(Duration.ofMinutes(5)), Instant.now().plusSeconds(60),
                        Set.of(eventId, forgedId), false));
            }

            assertThat(result.replayed()).isEqualTo(1);
            assertThat(result.badSignature()).isEqualTo(1);
            assertThat(reports.await(r -> r.value().getWebhookEventId().equals(eventId)).key()).isEqualTo("P1");
            assertThat(reports.records()).noneMatch(r -> r.value().getWebhookEventId().equals(forgedId));
        }
    }

    private static WebhookReceived archived(String eventId, String body, SignedWebhooks.Headers headers) {
        return WebhookReceived.newBuilder()
                .setMetadata(EventMetadata.newBuilder().setEventId(eventId + "-archive").setOccurredAt(Instant.now())
                        .setMerchantId("demo").setCorrelationId(eventId).setCausationId(null).build())
                .setWebhookId(eventId).setPath(DEMO_PATH).setReceivedAt(Instant.now())
                .setHeaders(Map.of("webhook-id", headers.id(), "webhook-timestamp", headers.timestamp(),
                        "webhook-signature", headers.signature()))
                .setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
                .build();
    }
}
