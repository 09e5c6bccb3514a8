package kz.kaspibridge.schemas.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topic;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.RecordWriter;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * The shared listener wiring: a record whose effect keeps failing is retried, then dead-lettered
 * with its origin in headers; an undecodable record goes straight to the dead-letter topic as the
 * bytes it arrived with; neither blocks the records behind it.
 */
class DeadLetteringIT {

    private static final String TOPIC = "dlt-test.orders";
    private static ConfigurableApplicationContext context;
    private static KafkaClientConfig kafka;

    @BeforeAll
    static void start() {
        kafka = new KafkaClientConfig(TestStack.bootstrapServers(), TestStack.registryUrl(), true);
        TestTopics.create(kafka.bootstrapServers(), List.of(new NewTopic(TOPIC, 1, (short) 1),
                new NewTopic(TOPIC + Topic.DEAD_LETTER_SUFFIX, 1, (short) 1)));
        context = new SpringApplicationBuilder(ListenerApp.class).web(WebApplicationType.NONE).properties(Map.of(
                "spring.application.name", "dlt-test",
                "kaspi.kafka.bootstrap-servers", kafka.bootstrapServers(),
                "kaspi.kafka.registry-url", kafka.registryUrl(),
                "kaspi.kafka.retry-backoff", "20ms",
                "kaspi.kafka.max-retries", "2")).run();
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void failingAndPoisonRecordsAreDeadLetteredAndTheRestIsProcessed() {
        try (RecordWriter<Object> rawWriter = new RecordWriter<>(kafka.rawProducerProperties());
             RecordWriter<Object> writer = new RecordWriter<>(kafka.producerProperties())) {
            writer.send(TOPIC, "ALWAYS-FAILS", event("ALWAYS-FAILS"));
            rawWriter.send(TOPIC, "POISON", "{not avro".getBytes(StandardCharsets.UTF_8));
            writer.send(TOPIC, "GOOD", event("GOOD"));
        }

        Listener listener = context.getBean(Listener.class);
        Map<String, Object> dltConsumer = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (RecordReader<byte[]> dlt = RecordReader.fromBeginning(TOPIC + Topic.DEAD_LETTER_SUFFIX, dltConsumer)) {
            List<ConsumerRecord<String, byte[]>> dead = dlt.awaitCount(2, Duration.ofSeconds(60));
            assertThat(dead).extracting(ConsumerRecord::key).containsExactly("ALWAYS-FAILS", "POISON");
            assertThat(header(dead.get(0), "kafka_dlt-original-topic")).isEqualTo(TOPIC);
            assertThat(header(dead.get(0), "kafka_dlt-exception-message")).contains("effect failed");
            assertThat(header(dead.get(1), "kafka_dlt-exception-fqcn")).contains("DeserializationException");
            assertThat(new String(dead.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("{not avro");
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> listener.processed.contains("GOOD"));
        assertThat(listener.attempts.get()).as("one try plus two retries").isEqualTo(3);
        assertThat(listener.processed).containsExactly("GOOD");
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static OrderEvent event(String code) {
        return OrderEvent.newBuilder().setMetadata(kz.kaspibridge.schemas.SampleContractsAccess.metadata())
                .setOrderCode(code).setPayload(kz.kaspibridge.schemas.SampleContractsAccess.orderReceived()).build();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableKafka
    static class ListenerApp {
        @Bean
        Listener listener() {
            return new Listener();
        }
    }

    static class Listener {
        final AtomicInteger attempts = new AtomicInteger();
        final List<String> processed = new CopyOnWriteArrayList<>();

        @KafkaListener(topics = TOPIC)
        void on(ConsumerRecord<String, OrderEvent> record) {
            if (record.key().equals("ALWAYS-FAILS")) {
                attempts.incrementAndGet();
                throw new IllegalStateException("effect failed for " + record.key());
            }
            processed.add(record.value().getOrderCode());
        }
    }
}
