package kz.kaspibridge.ordercommand.kaspi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import kz.kaspibridge.ordercommand.effects.EffectBatch;
import kz.kaspibridge.ordercommand.effects.EffectBatch.Item;
import kz.kaspibridge.ordercommand.effects.EffectBatch.Outcome;
import kz.kaspibridge.ordercommand.effects.EffectBatch.PartitionPlan;
import kz.kaspibridge.ordercommand.streams.Effect;
import kz.kaspibridge.schemas.serde.JsonSerde;
import kz.kaspibridge.ordercommand.streams.OrderCommandTopology;
import kz.kaspibridge.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

/**
 * Reads recorded intents a poll at a time and carries them out through {@link KaspiEffectExecutor}: the intents of
 * one order (one key) one after the other in partition order, different orders concurrently on a bounded pool
 * ({@code kaspi.parallelism}); see {@link EffectBatch}. Then, in ONE Kafka transaction, it writes the results and
 * bookings of every partition's intents before that partition's first failure, and commits the offsets up to it:
 * consumers see exactly one result per command.
 *
 * <p>A failure is retried with backoff: the partition is sought back to the failed intent and paused for the
 * backoff, so later intents of that order never overtake it (other orders of that partition wait as well, as they
 * did with the record listener; their finished outcomes are kept and written on the redelivery without a second
 * Kaspi call). When the backoff is spent, or at once for a non-retryable failure, the intent goes to
 * {@code order-command-service.effects-dlt} (the {@code DeadLetterPublishingRecoverer}'s {@code kafka_dlt-*}
 * headers) and counts as finished.
 */
public class EffectListener {

    /** The listener container's id. */
    public static final String ID = "order-command-service-effects";

    private static final Logger log = LoggerFactory.getLogger(EffectListener.class);
    private static final Deserializer<Effect> EFFECTS = JsonSerde.of(Effect.class).deserializer();

    /** Sends an intent to the dead-letter topic; throws if it could not. */
    @FunctionalInterface
    public interface DeadLetters {
        void send(ConsumerRecord<String, String> record, Consumer<?, ?> consumer, Exception error);
    }

    /** Keeps a partition from being polled for a while, from any thread. */
    public interface Pauser {
        void pause(TopicPartition partition, long millis);

        /** The partition is no longer ours: forget its pause. */
        void cancel(TopicPartition partition);
    }

    private final KaspiEffectExecutor executor;
    private final KafkaTemplate<String, Object> transactional;
    private final Executor workers;
    private final EffectRetries retries;
    private final DeadLetters deadLetters;
    private final Pauser pauser;
    private final long deadLetterRetryMillis;
    /** Per partition: finished outcomes after an uncommitted failure, by offset. */
    private final Map<TopicPartition, Map<Long, Outcome<KaspiEffectExecutor.Executed>>> kept = new ConcurrentHashMap<>();
    /** Per partition in backoff: not to be carried out before this time (the pause is asynchronous). */
    private final Map<TopicPartition, Long> notBefore = new ConcurrentHashMap<>();

    public EffectListener(KaspiEffectExecutor executor, KafkaTemplate<String, Object> transactional, Executor workers,
                          EffectRetries retries, DeadLetters deadLetters, Pauser pauser, long deadLetterRetryMillis) {
        this.executor = executor;
        this.transactional = transactional;
        this.workers = workers;
        this.retries = retries;
        this.deadLetters = deadLetters;
        this.pauser = pauser;
        this.deadLetterRetryMillis = deadLetterRetryMillis;
    }

    /** The group follows the Streams application id, so two deployments (or test runs) never share offsets. */
    @KafkaListener(id = ID, topics = OrderCommandTopology.EFFECTS_TOPIC,
            groupId = "${order-command-service.streams.application-id:order-command-service}-effects",
            containerFactory = "effectsContainerFactory", batch = "true")
    public void onEffects(List<ConsumerRecord<String, String>> records, Consumer<?, ?> consumer) {
        long now = System.currentTimeMillis();
        Map<Integer, TopicPartition> partitions = new LinkedHashMap<>();
        Map<TopicPartition, Long> firstOffsets = new LinkedHashMap<>();
        List<Item<ConsumerRecord<String, String>>> items = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            firstOffsets.putIfAbsent(tp, record.offset());
            Long until = notBefore.get(tp);
            if (until != null && until > now) {
                continue; // polled before its pause took effect: read again after the backoff
            }
            partitions.put(record.partition(), tp);
            items.add(new Item<>(record.partition(), record.offset(), record.key(), record));
        }
        firstOffsets.forEach((tp, first) -> {
            if (!partitions.containsValue(tp)) {
                consumer.seek(tp, first);
            }
        });
        if (items.isEmpty()) {
            return;
        }
        List<PartitionPlan<ConsumerRecord<String, String>, KaspiEffectExecutor.Executed>> plans = new ArrayList<>();
        for (var plan : EffectBatch.run(items, this::carryOut, workers)) {
            plans.add(sendDeadLetters(plan, consumer));
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        for (var plan : plans) {
            TopicPartition tp = partitions.get(plan.partition());
            if (plan.commitOffset() > firstOffsets.get(tp)) {
                offsets.put(tp, new OffsetAndMetadata(plan.commitOffset()));
            }
        }
        if (!offsets.isEmpty()) {
            try {
                transactional.executeInTransaction(ops -> {
                    for (var plan : plans) {
                        for (var finished : plan.finished()) {
                            if (finished.outcome() instanceof EffectBatch.Done<KaspiEffectExecutor.Executed> done) {
                                String key = finished.item().key();
                                ops.send(Topics.ORDER_RESULTS.name(), key, done.value().result());
                                done.value().delivery().ifPresent(booking ->
                                        ops.send(Topics.DELIVERY_COMMANDS.name(), key, booking));
                            }
                        }
                    }
                    ops.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                    return null;
                });
            } catch (RuntimeException e) {
                // Nothing of this poll is visible. Read it again (if the partitions are still ours), keeping what
                // was carried out, so the redelivery writes the same results without calling Kaspi again.
                log.warn("effects transaction failed, the poll is read again partitions={}", offsets.keySet(), e);
                for (var plan : plans) {
                    TopicPartition tp = partitions.get(plan.partition());
                    Map<Long, Outcome<KaspiEffectExecutor.Executed>> keep = keptOf(tp);
                    plan.finished().forEach(f -> keep.put(f.item().offset(), f.outcome()));
                    keep.putAll(plan.kept());
                    if (consumer.assignment().contains(tp)) {
                        consumer.seek(tp, firstOffsets.get(tp));
                    }
                }
                return;
            }
        }
        for (var plan : plans) {
            TopicPartition tp = partitions.get(plan.partition());
            retries.committed(plan.partition(), plan.commitOffset());
            Map<Long, Outcome<KaspiEffectExecutor.Executed>> keep = keptOf(tp);
            keep.keySet().removeIf(offset -> offset < plan.commitOffset());
            keep.putAll(plan.kept());
            if (keep.isEmpty()) {
                kept.remove(tp);
            }
            if (plan.retry().isPresent()) {
                var retry = plan.retry().get();
                log.warn("kaspi effect failed, retried after backoff partition={} offset={} orderCode={} backoffMs={}"
                                + " error={}", tp, retry.item().offset(), retry.item().key(), retry.backoffMillis(),
                        String.valueOf(retry.error()));
                consumer.seek(tp, retry.item().offset());
                notBefore.put(tp, System.currentTimeMillis() + retry.backoffMillis());
                pauser.pause(tp, retry.backoffMillis());
            } else {
                notBefore.remove(tp);
            }
        }
    }

    private Map<Long, Outcome<KaspiEffectExecutor.Executed>> keptOf(TopicPartition tp) {
        return kept.computeIfAbsent(tp, p -> new ConcurrentHashMap<>());
    }

    /** On a worker thread: one intent, or what was kept of it. Never throws for the intent's own failure. */
    private Outcome<KaspiEffectExecutor.Executed> carryOut(Item<ConsumerRecord<String, String>> item) {
        ConsumerRecord<String, String> record = item.payload();
        Map<Long, Outcome<KaspiEffectExecutor.Executed>> keep = kept.get(
                new TopicPartition(record.topic(), record.partition()));
        Outcome<KaspiEffectExecutor.Executed> before = keep == null ? null : keep.get(record.offset());
        if (before != null) {
            return before;
        }
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("empty intent");
            }
            Effect effect = EFFECTS.deserialize(record.topic(), record.value().getBytes(StandardCharsets.UTF_8));
            return new EffectBatch.Done<>(executor.execute(effect));
        } catch (Exception e) {
            return retries.failed(record.partition(), record.offset(), e);
        }
    }

    /** On the consumer thread: dead letters before the transaction; one that cannot be sent stops the partition. */
    private PartitionPlan<ConsumerRecord<String, String>, KaspiEffectExecutor.Executed> sendDeadLetters(
            PartitionPlan<ConsumerRecord<String, String>, KaspiEffectExecutor.Executed> plan, Consumer<?, ?> consumer) {
        for (int i = 0; i < plan.finished().size(); i++) {
            var finished = plan.finished().get(i);
            if (finished.outcome() instanceof EffectBatch.Dead<KaspiEffectExecutor.Executed> dead) {
                ConsumerRecord<String, String> record = finished.item().payload();
                Exception error = dead.error();
                try {
                    deadLetters.send(record, consumer, new ListenerExecutionFailedException(
                            "effect listener failed: " + error, consumer.groupMetadata().groupId(), error));
                    log.error("kaspi effect sent to the dead-letter topic partition={} offset={} orderCode={} error={}",
                            record.partition(), record.offset(), record.key(), String.valueOf(error));
                } catch (RuntimeException e) {
                    log.warn("dead letter not sent, retried partition={} offset={}", record.partition(),
                            record.offset(), e);
                    return plan.stoppedAt(i, e, deadLetterRetryMillis);
                }
            }
        }
        return plan;
    }

    /** The partitions were revoked or lost (on the consumer thread): their retry state goes with them. */
    public void revoked(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            kept.remove(tp);
            notBefore.remove(tp);
            retries.forget(tp.partition());
            pauser.cancel(tp);
        }
    }
}
