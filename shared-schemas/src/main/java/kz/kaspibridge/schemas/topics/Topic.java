package kz.kaspibridge.schemas.topics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One topic of the catalog: its name, what its key means, the value type written to it, and how
 * it is laid out. Services declare topics from here, so no topic is created by accident.
 *
 * @param name              the topic name
 * @param key               what the (string) key holds, for example "order code"
 * @param valueType         the Avro class written to the topic; {@code byte[]} for dead-letter topics
 * @param partitions        partition count
 * @param replicationFactor production replication factor; a local single broker overrides it
 * @param cleanupPolicy     delete or compact
 * @param retention         {@code retention.ms}; empty means forever (compacted topics)
 * @param writer            the module that writes the topic ("merchant" for the merchant's own services)
 * @param readers           the modules (or "merchant") that read it
 */
public record Topic<V>(
        String name,
        String key,
        Class<V> valueType,
        int partitions,
        short replicationFactor,
        CleanupPolicy cleanupPolicy,
        Optional<Duration> retention,
        String writer,
        List<String> readers) {

    /** What a dead-letter topic's name adds to the name of the topic its records came from. */
    public static final String DEAD_LETTER_SUFFIX = "-dlt";
    private static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(28);

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        Objects.requireNonNull(retention, "retention");
        if (!name.matches("[a-z0-9.\\-]+")) {
            throw new IllegalArgumentException("topic name must be lowercase dotted: " + name);
        }
        if (partitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException("partitions and replication factor must be positive: " + name);
        }
        readers = List.copyOf(readers);
    }

    /** The dead-letter topic of this topic: same key and partitions, raw bytes, kept four weeks. */
    public Topic<byte[]> deadLetter() {
        if (isDeadLetter()) {
            throw new IllegalStateException(name + " is already a dead-letter topic");
        }
        return new Topic<>(name + DEAD_LETTER_SUFFIX, key, byte[].class, partitions, replicationFactor,
                CleanupPolicy.DELETE, Optional.of(DEAD_LETTER_RETENTION), "any reader of " + name, List.of("operators"));
    }

    public boolean isDeadLetter() {
        return name.endsWith(DEAD_LETTER_SUFFIX);
    }

    /** Broker-side configuration of the topic. */
    public Map<String, String> configs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("cleanup.policy", cleanupPolicy.config());
        configs.put("retention.ms", retention.map(r -> Long.toString(r.toMillis())).orElse("-1"));
        if (replicationFactor > 1) {
            // With acks=all, one replica may be down without losing writes.
            configs.put("min.insync.replicas", "2");
        }
        return configs;
    }

    /** The topic as declared in production. */
    public NewTopic toNewTopic() {
        return toNewTopic(replicationFactor);
    }

    /** The topic with another replication factor, for a cluster smaller than production (one local broker). */
    public NewTopic toNewTopic(short replicationFactorOverride) {
        Topic<V> sized = new Topic<>(name, key, valueType, partitions, replicationFactorOverride, cleanupPolicy,
                retention, writer, readers);
        return new NewTopic(name, partitions, replicationFactorOverride).configs(sized.configs());
    }
}
