package kz.kaspibridge.orderpoller.publishing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import kz.kaspibridge.orderpoller.polling.MerchantId;
import kz.kaspibridge.orderpoller.polling.OrderCode;
import kz.kaspibridge.schemas.topics.CleanupPolicy;
import kz.kaspibridge.schemas.topics.Topic;
import kz.kaspibridge.schemas.topics.Topics;
import org.apache.kafka.common.utils.Utils;

/**
 * The poller's own topics, all compacted and with the same partition count, so that one merchant's
 * records sit in the same partition number of each:
 * <ul>
 *   <li>{@code <prefix>.merchants}, key merchant id, value the merchant's cursor: instances of the
 *       poller join one consumer group on it, and the partitions an instance is assigned are the
 *       merchants it polls;</li>
 *   <li>{@code <prefix>.open-orders}, key {@code merchantId:orderCode}, value the order's last emitted
 *       standing; a tombstone once it is final. It is both the "seen" set and status sync's list;</li>
 *   <li>{@code <prefix>.repoll-requests}, key merchant id, value an operator's re-poll request, read by
 *       the merchant's owner.</li>
 * </ul>
 */
public record PollerTopics(String prefix, int partitions) {

    public PollerTopics {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive");
        }
    }

    public String merchants() {
        return prefix + ".merchants";
    }

    public String openOrders() {
        return prefix + ".open-orders";
    }

    /**
     * {@code <prefix>.repoll-requests}: operators' re-poll requests, key merchant id, compacted (only the newest
     * request per merchant matters), partitioned like the merchants topic so a request sits in its merchant's
     * partition number.
     */
    public String repollRequests() {
        return prefix + Topics.REPOLL_REQUESTS_SUFFIX;
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

    /**
     * The three topics (merchants, open orders, re-poll requests), laid out by the catalog's rules for internal topics (production replicas and
     * {@code min.insync.replicas}, in shared-schemas); declare them with {@code CatalogTopics.newTopic},
     * which applies the cluster's replication override.
     */
    public List<Topic<String>> declarations() {
        return List.of(compacted(merchants(), "merchant id"), compacted(openOrders(), "merchantId:orderCode"),
                compacted(repollRequests(), "merchant id"));
    }

    private Topic<String> compacted(String name, String key) {
        return Topics.internal(name, key, partitions, CleanupPolicy.COMPACT, Optional.empty(), "order-poller");
    }
}
