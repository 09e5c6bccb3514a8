package kz.kaspibridge.orderpoller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kz.kaspibridge.orderpoller.polling.MerchantId;
import kz.kaspibridge.orderpoller.publishing.PollerTopics;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.orders.BulkSeed;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.schemas.orders.OrderEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two instances share the merchants through Kafka's group assignment; one stopping hands its merchants over. */
class ScaleOutIT {

    private static final int PARTITIONS = 4;
    private static KaspiSandbox sandbox;
    private static OrderTopic orders;
    private static List<String> merchants;

    @BeforeAll
    static void start() {
        merchants = oneMerchantPerPartition();
        List<KaspiSandbox.Merchant> accounts = merchants.stream()
                .map(id -> new KaspiSandbox.Merchant(id, "sandbox-token-" + id)).toList();
        sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults().withMerchants(accounts));
        orders = new OrderTopic();
    }

    @AfterAll
    static void stop() {
        orders.close();
        sandbox.close();
    }

    @Test
    void twoInstancesEmitEachOrderOnceAndTheSurvivorTakesOverWhenOneStops() {
        Instant now = sandbox.admin().now();
        for (String merchant : merchants) {
            sandbox.admin().seedOrders(new BulkSeed(merchant, 30, now.minus(Duration.ofDays(1)), now.minusSeconds(5), null));
        }
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < merchants.size(); i++) {
            settings.putAll(PollerInstance.merchant(i, merchants.get(i), sandbox.tokenOf(merchants.get(i)), "2d"));
        }
        settings.put("order-poller.kafka.partitions", Integer.toString(PARTITIONS));

        PollerInstance first = PollerInstance.start("it-scale", sandbox.shopApiUrl(), settings);
        try (PollerInstance second = PollerInstance.start("it-scale", sandbox.shopApiUrl(), settings)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !first.owned().isEmpty() && !second.owned().isEmpty()
                    && first.owned().size() + second.owned().size() == merchants.size());
            Set<MerchantId> shared = new HashSet<>(first.owned());
            shared.retainAll(second.owned());
            assertThat(shared).as("no merchant is polled by both").isEmpty();
            for (String merchant : merchants) {
                orders.awaitReceived(merchant, 30, Duration.ofSeconds(30));
            }

            Set<MerchantId> handedOver = first.owned();
            first.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> second.owned().size() == merchants.size());
            for (MerchantId merchant : handedOver) {
                sandbox.admin().seedOrder(OrderSeed.forMerchant(merchant.value()));
                orders.awaitReceived(merchant.value(), 31, Duration.ofSeconds(30));
            }

            List<OrderEvent> all = new ArrayList<>();
            merchants.forEach(m -> all.addAll(orders.received(m)));
            assertThat(OrderTopic.duplicates(all)).isEmpty();
            assertThat(all).hasSize(merchants.size() * 30 + handedOver.size());
        } finally {
            first.close();
        }
    }

    /** Merchant ids that land on distinct partitions, so both instances surely get some. */
    private static List<String> oneMerchantPerPartition() {
        PollerTopics topics = new PollerTopics("it-scale", PARTITIONS);
        Map<Integer, String> byPartition = new HashMap<>();
        for (int i = 0; byPartition.size() < PARTITIONS; i++) {
            String id = "scale-m" + i;
            byPartition.putIfAbsent(topics.partitionOf(new MerchantId(id)), id);
        }
        return List.copyOf(byPartition.values());
    }
}
