package kz.kaspibridge.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import kz.kaspibridge.schemas.spring.CatalogTopics;
import kz.kaspibridge.schemas.spring.KaspiKafkaProperties;
import kz.kaspibridge.schemas.topics.CleanupPolicy;
import kz.kaspibridge.schemas.topics.Topic;
import kz.kaspibridge.schemas.topics.Topics;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The catalog is consistent, and docs/asyncapi.yaml describes exactly the catalog. */
class TopicCatalogTest {

    private static Map<String, Map<String, Object>> channelsByAddress;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readAsyncApi() throws IOException {
        try (Reader reader = Files.newBufferedReader(Path.of("..", "docs", "asyncapi.yaml"))) {
            Map<String, Object> doc = new Yaml().load(reader);
            Map<String, Map<String, Object>> channels = (Map<String, Map<String, Object>>) doc.get("channels");
            channelsByAddress = channels.values().stream()
                    .collect(Collectors.toMap(c -> (String) c.get("address"), c -> c));
        }
    }

    @Test
    void asyncApiNamesTheSameTopicsAsTheCatalog() {
        assertThat(channelsByAddress.keySet())
                .containsExactlyInAnyOrderElementsOf(Topics.all().stream().map(Topic::name).toList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void asyncApiAgreesWithTheCatalogOnKeysWritersReadersAndMessages() {
        for (Topic<?> topic : Topics.all()) {
            Map<String, Object> channel = channelsByAddress.get(topic.name());
            assertThat(channel.get("x-key")).as(topic.name()).isEqualTo(topic.key());
            assertThat(channel.get("x-writer")).as(topic.name()).isEqualTo(topic.writer());
            assertThat((List<String>) channel.get("x-readers")).as(topic.name())
                    .containsExactlyInAnyOrderElementsOf(topic.readers());
            assertThat(channel.get("x-value")).as(topic.name()).isEqualTo(topic.valueType().getName());
            assertThat(((Map<String, Object>) channel.get("messages")).keySet()).as(topic.name())
                    .containsExactlyInAnyOrderElementsOf(carriedTypes(topic));
        }
    }

    @Test
    void topicNamesAreUniqueAndDeadLetterTopicsFollowTheConvention() {
        Set<String> names = new HashSet<>();
        for (Topic<?> topic : Topics.all()) {
            assertThat(names.add(topic.name())).as("duplicate %s", topic.name()).isTrue();
            assertThat(topic.deadLetter().name()).isEqualTo(topic.name() + "-dlt");
            assertThat(topic.deadLetter().valueType()).isEqualTo(byte[].class);
            assertThat(Topics.byName(topic.deadLetter().name())).contains(topic.deadLetter());
        }
        assertThat(Topics.byName("kaspi.unknown")).isEmpty();
    }

    @Test
    void newTopicsCarryTheCatalogLayout() {
        NewTopic offers = Topics.OFFERS.toNewTopic();
        assertThat(offers.numPartitions()).isEqualTo(6);
        assertThat(offers.replicationFactor()).isEqualTo((short) 3);
        assertThat(offers.configs()).containsEntry("cleanup.policy", "compact").containsEntry("retention.ms", "-1")
                .containsEntry("min.insync.replicas", "2");

        NewTopic localOrders = Topics.ORDERS.toNewTopic((short) 1);
        assertThat(localOrders.replicationFactor()).isEqualTo((short) 1);
        assertThat(localOrders.configs()).containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", String.valueOf(30L * 24 * 3600 * 1000))
                .doesNotContainKey("min.insync.replicas");
        assertThat(Topics.OFFERS.cleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT);
    }

    @Test
    void internalTopicsFollowTheCatalogRulesAndALocalOverride() {
        Topic<String> markers = Topics.internal("some-service.markers", "merchant:id", 4, CleanupPolicy.COMPACT_DELETE,
                Optional.of(Duration.ofDays(7)), "some-service");
        assertThat(Topics.byName(markers.name())).isEmpty();

        NewTopic production = CatalogTopics.newTopic(properties((short) 0), markers);
        assertThat(production.numPartitions()).isEqualTo(4);
        assertThat(production.replicationFactor()).isEqualTo(Topics.PRODUCTION_REPLICAS);
        assertThat(production.configs()).containsEntry("cleanup.policy", "compact,delete")
                .containsEntry("retention.ms", String.valueOf(Duration.ofDays(7).toMillis()))
                .containsEntry("min.insync.replicas", "2");

        NewTopic local = CatalogTopics.newTopic(properties((short) 1), markers);
        assertThat(local.replicationFactor()).isEqualTo((short) 1);
        assertThat(local.configs()).doesNotContainKey("min.insync.replicas");
    }

    private static KaspiKafkaProperties properties(short replicationFactor) {
        return new KaspiKafkaProperties("localhost:9092", "http://localhost:8081", true, replicationFactor,
                Duration.ofMillis(500), 4, new KaspiKafkaProperties.Watch(false, Duration.ofSeconds(30), ".*"));
    }

    @Test
    void orderAndDeliveryTopicsAreKeyedByOrderCodeAndCompactedCatalogTopicsByMerchantFirst() {
        for (Topic<?> topic : List.of(Topics.ORDERS, Topics.ORDER_COMMANDS, Topics.ORDER_RESULTS,
                Topics.DELIVERY_COMMANDS, Topics.DELIVERY_EVENTS, Topics.DELIVERY_STATUS_REPORTS)) {
            assertThat(topic.key()).as(topic.name()).isEqualTo("order code");
        }
        assertThat(Topics.STOCK_CHANGES.key()).isEqualTo("sku");
        // Compaction keeps one value per key: a key without the merchant would let merchants erase each other.
        assertThat(List.of(Topics.OFFERS.key(), Topics.AVAILABLE_STOCK.key())).allMatch(key -> key.startsWith("merchant id|"));
    }

    private static Set<String> carriedTypes(Topic<?> topic) {
        Schema schema = ContractRoundTripIT.schemaOf(topic);
        Schema.Field payload = schema.getField("payload");
        return payload == null ? Set.of(schema.getName())
                : payload.schema().getTypes().stream().map(Schema::getName).collect(Collectors.toSet());
    }
}
