package kz.kaspibridge.orderpoller.publishing;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import kz.kaspibridge.orderpoller.polling.MerchantId;
import kz.kaspibridge.orderpoller.polling.PollerMetrics;
import kz.kaspibridge.orderpoller.polling.Repoll;
import kz.kaspibridge.orderpoller.polling.RepollRequests;
import kz.kaspibridge.schemas.ops.OperatorRequests;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code <prefix>.repoll-requests} for the merchants this instance polls: one reader per partition, opened
 * when a merchant of that partition first asks, reading from the beginning (the topic is compacted: the newest
 * request per merchant) and then only what is new, each time a merchant is about to poll. No consumer group: the
 * owner is already decided by the merchants topic's group, and a request is only applied by the owner's poller.
 * A request keyed by a merchant this poller is not configured with is logged and counted once per instance that
 * reads it, never applied.
 */
public final class KafkaRepollRequests implements RepollRequests, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaRepollRequests.class);
    private static final Duration READ_WAIT = Duration.ofSeconds(5);

    private final KafkaClientConfig client;
    private final PollerTopics topics;
    private final Set<MerchantId> configured;
    private final PollerMetrics metrics;
    private final Map<Integer, KafkaConsumer<String, String>> readers = new HashMap<>();
    private final Map<MerchantId, Repoll.Request> latest = new HashMap<>();

    public KafkaRepollRequests(KafkaClientConfig client, PollerTopics topics, Set<MerchantId> configured,
                               PollerMetrics metrics) {
        this.client = client;
        this.topics = topics;
        this.configured = Set.copyOf(configured);
        this.metrics = metrics;
    }

    /** Merchant threads call this one at a time; reading a partition to its end takes milliseconds. */
    @Override
    public synchronized Optional<Repoll.Request> latest(MerchantId merchant) {
        TopicPartition partition = new TopicPartition(topics.repollRequests(), topics.partitionOf(merchant));
        try {
            readNew(readers.computeIfAbsent(partition.partition(), p -> open(partition)), partition);
        } catch (KafkaException e) {
            // The poll's own Kafka work fails too if Kafka is gone; a request not read now is read next poll.
            log.warn("re-poll requests not read merchantId={} error={}", merchant, e.getMessage());
        }
        return Optional.ofNullable(latest.get(merchant));
    }

    @Override
    public synchronized void close() {
        readers.values().forEach(consumer -> consumer.close(Duration.ofSeconds(5)));
        readers.clear();
    }

    private KafkaConsumer<String, String> open(TopicPartition partition) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                client.plainTextReaderProperties(topics.group() + "-repoll-requests"));
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        return consumer;
    }

    private void readNew(KafkaConsumer<String, String> consumer, TopicPartition partition) {
        long end = consumer.endOffsets(List.of(partition), READ_WAIT).get(partition);
        // A bound on I/O, not business time: the monotonic clock.
        long deadline = System.nanoTime() + READ_WAIT.toNanos();
        while (consumer.position(partition, READ_WAIT) < end && System.nanoTime() - deadline < 0) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                take(record);
            }
        }
    }

    private void take(ConsumerRecord<String, String> record) {
        MerchantId merchant;
        try {
            merchant = new MerchantId(record.key());
        } catch (RuntimeException e) {
            refused(Repoll.Outcome.MALFORMED, record, "no merchant id as key");
            return;
        }
        if (!configured.contains(merchant)) {
            refused(Repoll.Outcome.UNKNOWN_MERCHANT, record, "not a merchant of this poller");
            return;
        }
        if (record.value() == null) {
            latest.remove(merchant);
            return;
        }
        try {
            OperatorRequests.Repoll request = OperatorRequests.Repoll.fromJson(record.value());
            latest.put(merchant, new Repoll.Request(request.from(), request.requestedAt()));
        } catch (IllegalArgumentException e) {
            refused(Repoll.Outcome.MALFORMED, record, e.getMessage());
        }
    }

    private void refused(Repoll.Outcome outcome, ConsumerRecord<String, String> record, String why) {
        log.warn("re-poll request refused merchantId={} outcome={} offset={} reason={}", record.key(), outcome.tag(),
                record.offset(), why);
        metrics.repollRequest(outcome);
    }
}
