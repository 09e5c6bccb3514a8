package kz.kaspibridge.schemas.tools;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.serde.PartitionReader;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes one operator request (plain JSON, keyed by merchant id) with the services' producer settings, and only to
 * a topic that exists: the service declares its request topic, so a missing one means a service too old to read
 * it, which the operator must hear about rather than have the request wait unread.
 */
final class OperatorRequestWriter {

    private final KafkaClientConfig kafka;
    private final Duration timeout;

    OperatorRequestWriter(KafkaClientConfig kafka, Duration timeout) {
        this.kafka = kafka;
        this.timeout = timeout;
    }

    /** Whether the topic exists on the cluster. */
    boolean exists(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka.plainTextReaderProperties("kaspi-ops"))) {
            PartitionReader.partitionsOf(consumer, topic, timeout);
            return true;
        } catch (IllegalStateException missing) {
            return false;
        }
    }

    RecordMetadata write(String topic, String merchantId, String json) {
        Map<String, Object> props = kafka.producerProperties();
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            return producer.send(new ProducerRecord<>(topic, merchantId, json)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the request was not written to " + topic + ": " + e.getMessage(), e);
        }
    }
}
