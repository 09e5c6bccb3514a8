package kz.kaspibridge.orderpoller.publishing;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import kz.kaspibridge.orderpoller.polling.MerchantId;
import kz.kaspibridge.orderpoller.polling.OrderCode;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Utils;

/**
 * The poller's own topics, both compacted and with the same partition count, so that one merchant's
 * records sit in the same partition number of each:
 * <ul>
 *   <li>{@code <prefix>.merchants}, key merchant id, value the merchant's cursor: instances of the
 *       poller join one consumer group on it, and the partitions an instance is assigned are the
 *       merchants it polls;</li>
 *   <li>{@code <prefix>.open-orders}, key {@code merchantId:orderCode}, value the order's last emitted
 *       standing; a tombstone once it is final. It is both the "seen" set and status sync's list.</li>
 * </ul>
 */
public record PollerTopics(String prefix, int partitions, short replicationFactor) {

    public PollerTopics {
        if (partitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException("partitions and replication factor must be positive");
        }
    }

    public String merchants() {
        return prefix + ".merchants";
    }

    public String openOrders() {
        return prefix + ".open-orders";
    }

    /** Consumer group of the instances, and prefix of each merchant's transactional id. */
    public String group() {
        return prefix;
    }

    /** The merchant's partition: Kafka's own key hashing, so the cursor record lands where its owner reads. */
    public int partitionOf(MerchantId merchant) {
        return Utils.toPositive(Utils.murmur2(merchant.value().getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    static String openOrderKey(MerchantId merchant, OrderCode code) {
        return merchant.value() + ":" + code.value();
    }

    public NewTopic[] declarations() {
        return new NewTopic[] {compacted(merchants()), compacted(openOrders())};
    }

    private NewTopic compacted(String name) {
        NewTopic topic = new NewTopic(name, partitions, replicationFactor);
        return replicationFactor > 1
                ? topic.configs(Map.of("cleanup.policy", "compact", "min.insync.replicas", "2"))
                : topic.configs(Map.of("cleanup.policy", "compact"));
    }
}
