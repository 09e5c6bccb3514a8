package kz.kaspibridge.ordercommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import kz.kaspibridge.testsupport.TestStack;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * One running service, started like the real one (its own Spring context and state directory, real Kafka, real
 * registry, the sandbox over HTTP), so a test can run two of them sharing the work.
 */
final class ServiceInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ServiceInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static ServiceInstance start(String applicationId, String shopApiUrl, Map<String, String> settings) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("order-command-service.kaspi.base-url", shopApiUrl);
        props.put("order-command-service.kaspi.timeout", "5s");
        props.put("order-command-service.streams.application-id", applicationId);
        try {
            props.put("order-command-service.streams.state-dir",
                    Files.createTempDirectory("order-command-" + applicationId).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        props.putAll(settings);
        return new ServiceInstance(new SpringApplicationBuilder(OrderCommandServiceApplication.class,
                OwnNettyResources.class).registerShutdownHook(false).run(TestStack.serviceArguments(props)));
    }

    KafkaStreams.State streamsState() {
        KafkaStreams streams = context.getBean(StreamsBuilderFactoryBean.class).getKafkaStreams();
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    /** A bean of the running service, for a benchmark that reads its meters. */
    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }

    /** Several reactive apps share the JVM (the sandbox, two instances): each keeps its own Netty resources. */
    @Configuration(proxyBeanMethods = false)
    static class OwnNettyResources {
        @Bean
        ReactorResourceFactory reactorResourceFactory() {
            ReactorResourceFactory factory = new ReactorResourceFactory();
            factory.setUseGlobalResources(false);
            return factory;
        }
    }
}
