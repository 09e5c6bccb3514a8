package kz.kaspibridge.testsupport;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Writes records synchronously, so a test knows they are stored before it goes on. */
public final class RecordWriter<V> implements AutoCloseable {

    private final KafkaProducer<String, V> producer;

    public RecordWriter(Map<String, Object> producerProperties) {
        this.producer = new KafkaProducer<>(producerProperties);
    }

    public RecordMetadata send(String topic, String key, V value) {
        return send(new ProducerRecord<>(topic, key, value));
    }

    public RecordMetadata send(ProducerRecord<String, V> record) {
        try {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to " + record.topic(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
