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

    static NewTopic newTopic(KaspiKafkaProperties kafka, Topic<?> topic) {
        return kafka.replicationFactor() > 0 ? topic.toNewTopic(kafka.replicationFactor()) : topic.toNewTopic();
    }
}
