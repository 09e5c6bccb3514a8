package kz.kaspibridge.schemas.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import kz.kaspibridge.schemas.topics.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * What the alerts need to know about Kafka itself, read with the Admin API every {@code interval} on one daemon
 * thread: per consumer group matching {@code groups}, its members ({@code kaspi.kafka.consumer.members{group}}) and
 * its lag per topic ({@code kaspi.kafka.consumer.lag{group,topic}}: the last stable offset minus the committed one,
 * summed over partitions); per dead-letter topic, the records it keeps ({@code kaspi.kafka.dlt.records{topic}}).
 *
 * <p>Every service runs one, so a group whose every member is gone (a crashed or scaled-to-zero deployment, which
 * takes its own metrics endpoint with it) is still reported, by the others: the rules take the {@code max} over
 * instances. A group that disappears from the broker drops out of the gauges. A failed read keeps the last figures
 * and counts {@code kaspi.kafka.watch.failures}; it never stops the service.
 */
public final class KafkaWatch implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KafkaWatch.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** One read of the cluster. */
    record Snapshot(Map<String, Integer> members, Map<List<String>, Long> lag, Map<String, Long> deadLetters) {
    }

    private final Admin admin;
    private final Duration interval;
    private final Pattern groups;
    private final MeterRegistry meters;
    private final MultiGauge members;
    private final MultiGauge lag;
    private final MultiGauge deadLetters;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "kafka-watch");
        t.setDaemon(true);
        return t;
    });

    public KafkaWatch(String bootstrapServers, Duration interval, Pattern groups, MeterRegistry meters) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "kafka-watch",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()));
        this.interval = interval;
        this.groups = groups;
        this.meters = meters;
        meters.counter("kaspi.kafka.watch.failures");
        this.members = MultiGauge.builder("kaspi.kafka.consumer.members")
                .description("Members of a consumer group (0: nobody consumes for it)").register(meters);
        this.lag = MultiGauge.builder("kaspi.kafka.consumer.lag")
                .description("Records of a topic a consumer group has not committed yet (last stable offset - "
                        + "committed offset, summed over partitions)").register(meters);
        this.deadLetters = MultiGauge.builder("kaspi.kafka.dlt.records")
                .description("Records a dead-letter topic keeps (end - start offset, summed over partitions)")
                .register(meters);
    }

    @Override
    public void afterPropertiesSet() {
        thread.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        thread.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }

    /** Reads the cluster once and replaces the gauges' rows; the last figures stay when the read fails. */
    void refresh() {
        try {
            show(read());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            meters.counter("kaspi.kafka.watch.failures").increment();
            log.warn("kafka watch could not read the cluster, keeping the last figures: {}", e.toString());
        }
    }

    Snapshot read() throws Exception {
        long timeout = TIMEOUT.toMillis();
        List<String> watched = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all()
                .get(timeout, TimeUnit.MILLISECONDS).stream().map(GroupListing::groupId)
                .filter(id -> groups.matcher(id).matches()).sorted().toList();
        Map<String, Integer> memberCounts = new TreeMap<>();
        if (!watched.isEmpty()) {
            for (ConsumerGroupDescription group : admin.describeConsumerGroups(watched).all()
                    .get(timeout, TimeUnit.MILLISECONDS).values()) {
                memberCounts.put(group.groupId(), group.members().size());
            }
        }
        Map<String, Map<TopicPartition, Long>> committed = new TreeMap<>();
        for (String group : watched) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(timeout, TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> positions = new HashMap<>();
            offsets.forEach((partition, offset) -> {
                if (offset != null) {
                    positions.put(partition, offset.offset());
                }
            });
            committed.put(group, positions);
        }
        Set<TopicPartition> consumed = committed.values().stream().flatMap(m -> m.keySet().stream())
                .collect(Collectors.toSet());
        Map<TopicPartition, Long> stable = offsets(consumed, OffsetSpec.latest());

        Set<String> deadLetterTopics = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS).stream()
                .filter(name -> name.endsWith(Topic.DEAD_LETTER_SUFFIX)).collect(Collectors.toSet());
        Set<TopicPartition> deadLetterPartitions = deadLetterTopics.isEmpty() ? Set.of()
                : admin.describeTopics(deadLetterTopics).allTopicNames().get(timeout, TimeUnit.MILLISECONDS)
                        .values().stream().flatMap(KafkaWatch::partitions).collect(Collectors.toSet());
        Map<TopicPartition, Long> ends = offsets(deadLetterPartitions, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = offsets(deadLetterPartitions, OffsetSpec.earliest());
        Map<String, Long> kept = new TreeMap<>();
        deadLetterTopics.forEach(topic -> kept.put(topic, 0L));
        ends.forEach((partition, end) -> kept.merge(partition.topic(),
                Math.max(0, end - starts.getOrDefault(partition, 0L)), Long::sum));
        return new Snapshot(memberCounts, lag(committed, stable), kept);
    }

    /**
     * Lag per group and topic: for each committed partition, the last stable offset minus the committed offset
     * (never below 0: a committed offset can pass the last stable offset by the transaction marker it covers).
     */
    static Map<List<String>, Long> lag(Map<String, Map<TopicPartition, Long>> committed,
                                       Map<TopicPartition, Long> stable) {
        Map<List<String>, Long> byGroupAndTopic = new TreeMap<>(
                (a, b) -> a.get(0).equals(b.get(0)) ? a.get(1).compareTo(b.get(1)) : a.get(0).compareTo(b.get(0)));
        committed.forEach((group, positions) -> positions.forEach((partition, position) -> {
            Long end = stable.get(partition);
            if (end != null) {
                byGroupAndTopic.merge(List.of(group, partition.topic()), Math.max(0, end - position), Long::sum);
            }
        }));
        return byGroupAndTopic;
    }

    private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), p -> spec));
        // read_committed: the end a consumer of ours can reach (the last stable offset), not the log end.
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer = admin
                .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        answer.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private static java.util.stream.Stream<TopicPartition> partitions(TopicDescription topic) {
        return topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition()));
    }

    private void show(Snapshot snapshot) {
        List<MultiGauge.Row<?>> memberRows = new ArrayList<>();
        snapshot.members().forEach((group, count) -> memberRows.add(
                MultiGauge.Row.of(Tags.of("group", group), count)));
        members.register(memberRows, true);
        List<MultiGauge.Row<?>> lagRows = new ArrayList<>();
        snapshot.lag().forEach((key, records) -> lagRows.add(
                MultiGauge.Row.of(Tags.of("group", key.get(0), "topic", key.get(1)), records)));
        lag.register(lagRows, true);
        List<MultiGauge.Row<?>> deadLetterRows = new ArrayList<>();
        snapshot.deadLetters().forEach((topic, records) -> deadLetterRows.add(
                MultiGauge.Row.of(Tags.of("topic", topic), records)));
        deadLetters.register(deadLetterRows, true);
        log.debug("kafka watch groups={} deadLetterTopics={}", snapshot.members().size(),
                snapshot.deadLetters().size());
    }
}
