package kz.kaspibridge.webhookingress.replay;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kz.kaspibridge.schemas.serde.PartitionReader;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.schemas.webhooks.WebhookReceived;
import kz.kaspibridge.schemas.webhooks.WebhookSignatures;
import kz.kaspibridge.webhookingress.intake.MerchantEndpoint;
import kz.kaspibridge.webhookingress.intake.ParsedBody;
import kz.kaspibridge.webhookingress.json.WebhookBodyParser;
import kz.kaspibridge.webhookingress.publishing.KafkaWebhookRecords;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-emits archived webhooks as status reports. Each archived request must still carry a valid
 * signature from one of its merchant's current secrets (the timestamp window is not applied: the
 * archive is old by nature). The re-emitted report is identical to the original one, metadata id
 * included, so consumers that already had it drop it and those that lost it recover it.
 */
public final class ArchiveReplay {

    private static final Logger log = LoggerFactory.getLogger(ArchiveReplay.class);

    /** What to replay: a time range of {@code receivedAt} and, optionally, only some eventIds. */
    public record Selection(Instant from, Instant to, Set<String> eventIds, boolean dryRun) {
        public Selection {
            eventIds = Set.copyOf(eventIds);
        }

        boolean covers(Instant receivedAt, String eventId) {
            return !receivedAt.isBefore(from) && receivedAt.isBefore(to)
                    && (eventIds.isEmpty() || eventIds.contains(eventId));
        }
    }

    /** Counts of one run. */
    public record Result(int read, int replayed, int badSignature, int skipped) {
    }

    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);
    /** The archive keeps 30 days: generous, but never a hang. */
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(30);

    private final Consumer<String, WebhookReceived> archive;
    private final Producer<String, Object> producer;
    private final Map<String, MerchantEndpoint> merchantsByPath = new HashMap<>();
    private final WebhookBodyParser parser = new WebhookBodyParser();

    public ArchiveReplay(Consumer<String, WebhookReceived> archive, Producer<String, Object> producer,
            List<MerchantEndpoint> merchants) {
        this.archive = archive;
        this.producer = producer;
        merchants.forEach(m -> merchantsByPath.put(m.path(), m));
    }

    public Result replay(Selection selection) {
        PartitionReader<String, WebhookReceived> reader = PartitionReader.fromTime(archive,
                PartitionReader.partitionsOf(archive, Topics.WEBHOOKS_ARCHIVE.name(), METADATA_TIMEOUT), selection.from(),
                METADATA_TIMEOUT);
        int[] counts = new int[Verdict.values().length];
        int read = reader.readToEnd(READ_TIMEOUT, record -> counts[replayOne(record.value(), selection).ordinal()]++);
        producer.flush();
        return new Result(read, counts[Verdict.REPLAYED.ordinal()], counts[Verdict.BAD_SIGNATURE.ordinal()],
                counts[Verdict.SKIPPED.ordinal()]);
    }

    private enum Verdict { REPLAYED, BAD_SIGNATURE, SKIPPED }

    private Verdict replayOne(WebhookReceived raw, Selection selection) {
        if (raw == null) {
            return Verdict.SKIPPED;
        }
        byte[] body = bytes(raw.getBody());
        ParsedBody parsed = parser.parse(body);
        String eventId = parsed instanceof ParsedBody.Known ? ((ParsedBody.Known) parsed).webhook().eventId()
                : parsed instanceof ParsedBody.UnknownType ? ((ParsedBody.UnknownType) parsed).eventId() : raw.getWebhookId();
        if (!selection.covers(raw.getReceivedAt(), eventId) && !selection.eventIds().contains(raw.getWebhookId())) {
            return Verdict.SKIPPED;
        }
        MerchantEndpoint merchant = merchantsByPath.get(raw.getPath());
        Map<String, String> headers = raw.getHeaders();
        if (merchant == null || !WebhookSignatures.verify(merchant.keys(), headers.get(WebhookSignatures.ID_HEADER),
                headers.get(WebhookSignatures.TIMESTAMP_HEADER), body, headers.get(WebhookSignatures.SIGNATURE_HEADER))) {
            log.warn("archived webhook not replayed: signature no longer verifies webhookId={} path={}",
                    raw.getWebhookId(), raw.getPath());
            return Verdict.BAD_SIGNATURE;
        }
        if (!(parsed instanceof ParsedBody.Known)) {
            log.info("archived webhook not replayed: not a known delivery event webhookId={}", raw.getWebhookId());
            return Verdict.SKIPPED;
        }
        var webhook = ((ParsedBody.Known) parsed).webhook();
        if (!selection.dryRun()) {
            send(KafkaWebhookRecords.reportRecord(merchant, webhook, raw.getReceivedAt()));
        }
        log.info("archived webhook replayed eventId={} orderCode={} dryRun={}", webhook.eventId(), webhook.orderCode(),
                selection.dryRun());
        return Verdict.REPLAYED;
    }

    private void send(ProducerRecord<String, Object> record) {
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("replay could not write to " + record.topic(), e);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
