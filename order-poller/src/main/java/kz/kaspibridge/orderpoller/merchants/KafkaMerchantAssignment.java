package kz.kaspibridge.orderpoller.merchants;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import kz.kaspibridge.orderpoller.polling.MerchantId;
import kz.kaspibridge.orderpoller.publishing.PollerTopics;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which merchants this instance polls with Kafka's consumer-group protocol, not a lock of
 * our own: every instance joins group {@code <prefix>} on topic {@code <prefix>.merchants}, and a
 * merchant belongs to whoever is assigned its partition. A new instance takes partitions over in a
 * rebalance; a stopped one hands them back when it leaves; a crashed one loses them after the
 * session timeout. Merchants of revoked partitions stop (finishing their transaction) before the
 * rebalance completes, and the transactional producer of the new owner fences the old one anyway.
 */
public final class KafkaMerchantAssignment implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaMerchantAssignment.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final PollerTopics topics;
    private final Map<Integer, Set<MerchantId>> merchantsByPartition;
    private final MerchantWorkers workers;
    private final Set<Integer> owned = new HashSet<>();
    private final Thread thread;
    private volatile boolean running = true;

    public KafkaMerchantAssignment(KafkaClientConfig client, PollerTopics topics, Collection<MerchantId> merchants,
                                   MerchantWorkers workers, Duration sessionTimeout) {
        this.topics = topics;
        this.workers = workers;
        this.merchantsByPartition = merchants.stream()
                .collect(Collectors.groupingBy(topics::partitionOf, HashMap::new, Collectors.toSet()));
        Map<String, Object> props = new HashMap<>(client.consumerProperties(topics.group()));
        // The records are not read (partitions stay paused): the group is used only for assignment.
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // Incremental rebalances: an instance joining or leaving moves only the partitions it must.
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        // How long a crashed instance keeps its merchants before another one takes them over.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, sessionTimeout.toMillis() / 5));
        this.consumer = new KafkaConsumer<>(props);
        this.thread = new Thread(this::run, "poller-assignment");
        this.thread.setDaemon(true);
    }

    public void start() {
        consumer.subscribe(List.of(topics.merchants()), new Listener());
        thread.start();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(500));
            }
        } catch (WakeupException stopping) {
            // close() asked us to stop.
        } catch (RuntimeException e) {
            log.error("merchant assignment failed; this instance stops polling", e);
        } finally {
            // Leaving the group revokes our partitions (stopping their merchants) and lets the
            // other instances take them at once, instead of after the session timeout.
            consumer.close(Duration.ofSeconds(30));
            workers.close();
        }
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            consumer.pause(partitions);
            partitions.forEach(p -> owned.add(p.partition()));
            apply("assigned", partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(p -> owned.remove(p.partition()));
            apply("revoked", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }

        private void apply(String change, Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Set<MerchantId> merchants = new HashSet<>();
            owned.forEach(p -> merchants.addAll(merchantsByPartition.getOrDefault(p, Set.of())));
            log.info("merchant partitions {} partitions={} merchants={}", change,
                    partitions.stream().map(TopicPartition::partition).sorted().toList(), merchants.size());
            workers.own(merchants);
        }
    }
}
