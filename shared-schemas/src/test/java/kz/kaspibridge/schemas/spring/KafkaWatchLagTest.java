package kz.kaspibridge.schemas.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class KafkaWatchLagTest {

    @Test
    void lagIsSummedPerGroupAndTopicNeverBelowZeroAndOnlyWhereTheEndIsKnown() {
        TopicPartition orders0 = new TopicPartition("kaspi.orders", 0);
        TopicPartition orders1 = new TopicPartition("kaspi.orders", 1);
        TopicPartition results0 = new TopicPartition("kaspi.order-results", 0);
        Map<String, Map<TopicPartition, Long>> committed = Map.of(
                "order-command-service", Map.of(orders0, 10L, orders1, 7L, results0, 5L),
                "merchant-app", Map.of(orders0, 12L));
        // results0: the committed offset is past the last stable offset by the commit marker it covers.
        Map<TopicPartition, Long> stable = Map.of(orders0, 12L, orders1, 10L, results0, 4L);

        assertThat(KafkaWatch.lag(committed, stable)).containsExactlyInAnyOrderEntriesOf(Map.of(
                List.of("order-command-service", "kaspi.orders"), 5L,
                List.of("order-command-service", "kaspi.order-results"), 0L,
                List.of("merchant-app", "kaspi.orders"), 0L));
        assertThat(KafkaWatch.lag(committed, Map.of(orders0, 12L))).containsExactlyInAnyOrderEntriesOf(Map.of(
                List.of("order-command-service", "kaspi.orders"), 2L,
                List.of("merchant-app", "kaspi.orders"), 0L));
    }
}
