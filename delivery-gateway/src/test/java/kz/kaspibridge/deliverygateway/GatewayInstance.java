package kz.kaspibridge.deliverygateway;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import kz.kaspibridge.testsupport.RunningService;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/** The gateway started in the test JVM against the sandbox's Delivery API, with its own state directory. */
final class GatewayInstance implements AutoCloseable {

    private final RunningService service;

    private GatewayInstance(RunningService service) {
        this.service = service;
    }

    static GatewayInstance start(String applicationId, String merchant, String deliveryApiUrl, String apiKey,
                                 Map<String, String> settings) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("delivery-gateway.kaspi.base-url", deliveryApiUrl);
        props.put("delivery-gateway.kaspi.timeout", "5s");
        props.put("delivery-gateway.merchants[0].id", merchant);
        props.put("delivery-gateway.merchants[0].api-key", apiKey);
        props.put("delivery-gateway.streams.application-id", applicationId);
        // A fresh directory each start: a restart restores the store from its changelog, as a new pod would.
        try {
            props.put("delivery-gateway.streams.state-dir",
                    Files.createTempDirectory("delivery-gateway-" + applicationId).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        props.put("kaspi.kafka.retry-backoff", "200ms");
        props.putAll(settings);
        return new GatewayInstance(RunningService.start(DeliveryGatewayApplication.class, props));
    }

    KafkaStreams.State streamsState() {
        KafkaStreams streams = service.bean(StreamsBuilderFactoryBean.class).getKafkaStreams();
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    /** A counter's total over all its tags matching {@code tag=value} (or all, with a null tag). */
    double count(String meter, String tag, String value) {
        return service.bean(MeterRegistry.class).find(meter).counters().stream()
                .filter(c -> tag == null || value.equals(c.getId().getTag(tag)))
                .mapToDouble(c -> c.count()).sum();
    }

    @Override
    public void close() {
        service.close();
    }
}
