package kz.kaspibridge.schemas.spring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kz.kaspibridge.schemas.topics.Topics;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Refuses to start a service whose listeners read a topic that is neither in the catalog (dead-letter
 * topics included) nor one of its own internal topics, named {@code <spring.application.name>.<...>}.
 * A misspelt topic would otherwise wait silently forever (topic auto-creation is off), so the
 * mismatch fails the service's integration tests instead of production.
 */
public class CatalogTopicGuard implements ApplicationListener<ContextRefreshedEvent> {

    private final KafkaListenerEndpointRegistry registry;
    private final String application;

    public CatalogTopicGuard(KafkaListenerEndpointRegistry registry, String application) {
        this.registry = registry;
        this.application = application;
    }

    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        List<String> unknown = new ArrayList<>();
        for (MessageListenerContainer container : registry.getAllListenerContainers()) {
            String[] topics = container.getContainerProperties().getTopics();
            if (topics != null) {
                Arrays.stream(topics).filter(topic -> !allowed(topic)).forEach(unknown::add);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("listeners read topics that are not in the catalog (kz.kaspibridge.schemas"
                    + ".topics.Topics) nor internal to " + application + " (" + application + ".*): " + unknown);
        }
    }

    boolean allowed(String topic) {
        return Topics.byName(topic).isPresent() || topic.startsWith(application + ".");
    }
}
