package kz.kaspibridge.schemas.spring;

import java.util.Arrays;
import kz.kaspibridge.schemas.topics.Topic;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Declares catalog topics as a {@link KafkaAdmin.NewTopics} bean. Each service declares the topics
 * it writes and the dead-letter topic of each topic it reads; nothing else is created.
 */
public final class CatalogTopics {

    private CatalogTopics() {
    }

    public static KafkaAdmin.NewTopics declare(KaspiKafkaProperties kafka, Topic<?>... topics) {
        return new KafkaAdmin.NewTopics(Arrays.stream(topics).map(t -> newTopic(kafka, t)).toArray(NewTopic[]::new));
    }

    /**
     * One topic, catalog or internal ({@link kz.kaspibridge.schemas.topics.Topics#internal}), as this
     * cluster should have it: production replicas unless {@code kaspi.kafka.replication-factor}
     * overrides them.
     */
    public static NewTopic newTopic(KaspiKafkaProperties kafka, Topic<?> topic) {
        return topic.toNewTopic(replicationFactor(kafka, topic));
    }

    /** The replication factor {@link #newTopic} uses. */
    public static short replicationFactor(KaspiKafkaProperties kafka, Topic<?> topic) {
        return kafka.replicationFactor() > 0 ? kafka.replicationFactor() : topic.replicationFactor();
    }
}
