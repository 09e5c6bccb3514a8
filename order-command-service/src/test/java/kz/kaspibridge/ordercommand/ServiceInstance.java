package kz.kaspibridge.ordercommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import kz.kaspibridge.testsupport.RunningService;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * One running service, started like the real one (its own Spring context and state directory, real Kafka, real
 * registry, the sandbox over HTTP), so a test can run two of them sharing the work.
 */
final class ServiceInstance implements AutoCloseable {

    private final RunningService service;

    private ServiceInstance(RunningService service) {
        this.service = service;
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
        return new ServiceInstance(RunningService.start(OrderCommandServiceApplication.class, props));
    }

    KafkaStreams.State streamsState() {
        KafkaStreams streams = service.bean(StreamsBuilderFactoryBean.class).getKafkaStreams();
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    /** A bean of the running service, for a benchmark that reads its meters. */
    <T> T bean(Class<T> type) {
        return service.bean(type);
    }

    @Override
    public void close() {
        service.close();
    }
}
