package kz.kaspibridge.schemas.tools;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import kz.kaspibridge.schemas.ops.OperatorRequests;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.serde.PartitionReader;
import kz.kaspibridge.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kaspi-ops repoll}: asks order-poller to poll a merchant again from a time. The tool never moves the cursor
 * itself (only the instance that owns the merchant does, in its own transaction); it checks what it can see first,
 * so an operator hears at once about a mistyped merchant or a time that would change nothing, then writes the
 * request to {@code <prefix>.repoll-requests}.
 */
final class RepollRequestTool {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaClientConfig kafka;
    private final Duration timeout;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    RepollRequestTool(KafkaClientConfig kafka, Duration timeout, Clock clock, PrintStream out, PrintStream err) {
        this.kafka = kafka;
        this.timeout = timeout;
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    int request(String merchantId, Instant from, String pollerPrefix) {
        Instant now = clock.instant();
        if (from.isAfter(now)) {
            throw new KaspiOps.UsageException("--from " + from + " is in the future (now " + now + ")");
        }
        String merchants = pollerPrefix + ".merchants";
        String requests = pollerPrefix + Topics.REPOLL_REQUESTS_SUFFIX;
        OperatorRequestWriter writer = new OperatorRequestWriter(kafka, timeout);
        if (!writer.exists(merchants)) {
            err.printf("no topic %s: is order-poller's prefix %s (--poller-prefix)?%n", merchants, pollerPrefix);
            return KaspiOps.NOT_DONE;
        }
        Optional<Instant> cursor = cursorOf(merchants, merchantId);
        if (cursor.isEmpty()) {
            err.printf("merchant %s has no cursor on %s: the poller does not know it (a typo?) or has never polled"
                    + " it, and its first poll looks back first-start-lookback anyway%n", merchantId, merchants);
            return KaspiOps.NOT_DONE;
        }
        if (!from.isBefore(cursor.get())) {
            err.printf("merchant %s's cursor is %s, before %s: every poll already reads from there (minus the"
                    + " overlap), nothing to re-poll%n", merchantId, cursor.get(), from);
            return KaspiOps.NOT_DONE;
        }
        if (!writer.exists(requests)) {
            err.printf("no topic %s: the running order-poller predates re-poll requests%n", requests);
            return KaspiOps.NOT_DONE;
        }
        writer.write(requests, merchantId, new OperatorRequests.Repoll(from, now).toJson());
        out.printf("re-poll requested merchantId=%s from=%s currentCursor=%s%n", merchantId, from, cursor.get());
        out.println("the instance that owns the merchant applies it before its next poll: watch for its log line"
                + " 're-poll applied' and kaspi_poller_repoll_requests_total{outcome=\"applied\"}");
        return KaspiOps.OK;
    }

    /** The merchant's last committed cursor: its partition of the compacted merchants topic, read to the end. */
    private Optional<Instant> cursorOf(String topic, String merchantId) {
        String[] last = {null};
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka.plainTextReaderProperties("kaspi-ops"))) {
            int partitions = PartitionReader.partitionsOf(consumer, topic, timeout).size();
            TopicPartition partition = new TopicPartition(topic, OrderTrace.partitionOf(merchantId, partitions));
            PartitionReader.fromBeginning(consumer, List.of(partition), timeout).readToEnd(timeout, record -> {
                if (merchantId.equals(record.key())) {
                    last[0] = record.value();
                }
            });
        }
        if (last[0] == null) {
            return Optional.empty();
        }
        try {
            JsonNode cursor = JSON.readTree(last[0]).path("cursorMillis");
            return cursor.isNumber() ? Optional.of(Instant.ofEpochMilli(cursor.asLong())) : Optional.empty();
        } catch (JacksonException e) {
            throw new IllegalStateException("the cursor of " + merchantId + " on " + topic + " is not JSON: " + last[0], e);
        }
    }
}
