package kz.kaspibridge.orderpoller.publishing;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import kz.kaspibridge.orderpoller.polling.MerchantId;
import kz.kaspibridge.orderpoller.polling.MerchantState;
import kz.kaspibridge.orderpoller.polling.Order;
import kz.kaspibridge.orderpoller.polling.OrderEvents;
import kz.kaspibridge.orderpoller.polling.OrderEventsException;
import kz.kaspibridge.orderpoller.polling.StatusChange;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.serde.PartitionReader;
import kz.kaspibridge.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each merchant's events and state in Kafka transactions, with one transactional producer
 * per merchant ({@code transactional.id = <group>-<merchantId>}). A batch's OrderReceived and
 * OrderStatusChanged records, its open-order markers and the cursor commit together or not at all,
 * so the "seen" set can never miss an order that consumers (reading committed) see, nor hold one
 * they do not. Opening a merchant's producer fences any earlier owner's and aborts its unfinished
 * transaction; only then is the state read back, up to the last stable offset.
 */
public final class KafkaOrderEvents implements OrderEvents, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaOrderEvents.class);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaClientConfig client;
    private final PollerTopics topics;
    private final Clock clock;
    private final Map<MerchantId, Producer<String, Object>> producers = new ConcurrentHashMap<>();

    public KafkaOrderEvents(KafkaClientConfig client, PollerTopics topics, Clock clock) {
        this.client = client;
        this.topics = topics;
        this.clock = clock;
    }

    @Override
    public MerchantState open(MerchantId merchant) {
        close(merchant);
        Producer<String, Object> producer = null;
        try {
            producer = newProducer(merchant);
            producer.initTransactions();
            MerchantState state = load(merchant);
            producers.put(merchant, producer);
            return state;
        } catch (KafkaException e) {
            if (producer != null) {
                producer.close(Duration.ZERO);
            }
            throw new OrderEventsException("cannot open merchant " + merchant + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void publish(MerchantId merchant, Batch batch) {
        Producer<String, Object> producer = producers.get(merchant);
        if (producer == null) {
            throw new OrderEventsException("merchant " + merchant + " is not open", null);
        }
        Instant now = clock.instant();
        try {
            producer.beginTransaction();
            for (Order order : batch.received()) {
                producer.send(new ProducerRecord<>(Topics.ORDERS.name(), order.code().value(),
                        OrderEventMapping.received(merchant, order, now)));
                producer.send(openOrderMarker(merchant, order.snapshot(), false));
            }
            for (StatusChange change : batch.changes()) {
                producer.send(new ProducerRecord<>(Topics.ORDERS.name(), change.current().code().value(),
                        OrderEventMapping.statusChanged(merchant, change, now)));
                producer.send(openOrderMarker(merchant, change.current(), change instanceof StatusChange.Closed));
            }
            batch.cursor().ifPresent(cursor -> producer.send(new ProducerRecord<>(topics.merchants(),
                    topics.partitionOf(merchant), merchant.value(), StateRecords.cursor(cursor, batch.lastRepoll()))));
            // Flushes every send and fails if any of them failed: nothing is half-written.
            producer.commitTransaction();
        } catch (KafkaException e) {
            // Fenced, timed out, or a send failed. The outcome may be unknown (a commit that timed
            // out may have landed), so drop the producer: the next open() re-reads the log.
            close(merchant);
            throw new OrderEventsException("kafka did not acknowledge a batch of " + merchant + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close(MerchantId merchant) {
        Producer<String, Object> producer = producers.remove(merchant);
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (KafkaException e) {
                // Closing a fenced or broken producer may fail; it is gone either way, and whatever it
                // left open is aborted by the next owner's initTransactions(). Worth a line, not a failure.
                log.warn("producer did not close cleanly merchantId={}", merchant, e);
            }
        }
    }

    @Override
    public void close() {
        List.copyOf(producers.keySet()).forEach(this::close);
    }

    private ProducerRecord<String, Object> openOrderMarker(MerchantId merchant,
                                                           kz.kaspibridge.orderpoller.polling.OrderSnapshot order,
                                                           boolean closed) {
        return new ProducerRecord<>(topics.openOrders(), topics.partitionOf(merchant),
                PollerTopics.openOrderKey(merchant, order.code()), closed ? null : StateRecords.openOrder(order));
    }

    private Producer<String, Object> newProducer(MerchantId merchant) {
        Map<String, Object> props = new HashMap<>(client.producerProperties());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topics.group() + "-" + merchant.value());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, topics.group() + "-" + merchant.value());
        AvroKafkaSerializer<Object> avro = new AvroKafkaSerializer<>();
        avro.configure(props, false);
        return new KafkaProducer<>(props, new StringSerializer(), new AvroOrString(avro));
    }

    /** Reads the merchant's partition of both state topics, up to what is committed. */
    private MerchantState load(MerchantId merchant) {
        // Plain strings: the state topics hold JSON, and this reader assigns partitions by hand.
        Map<String, Object> props = client.plainTextReaderProperties(topics.group() + "-loader");
        int partition = topics.partitionOf(merchant);
        List<TopicPartition> both = List.of(new TopicPartition(topics.merchants(), partition),
                new TopicPartition(topics.openOrders(), partition));
        StateRecords.Cursor[] cursor = {null};
        Map<String, String> openOrders = new HashMap<>();
        String prefix = merchant.value() + ":";
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            PartitionReader.fromBeginning(consumer, both, LOAD_TIMEOUT).readToEnd(LOAD_TIMEOUT, record -> {
                if (record.topic().equals(topics.merchants())) {
                    if (merchant.value().equals(record.key()) && record.value() != null) {
                        cursor[0] = StateRecords.cursor(record.value());
                    }
                } else if (record.key() != null && record.key().startsWith(prefix)) {
                    if (record.value() == null) {
                        openOrders.remove(record.key());
                    } else {
                        openOrders.put(record.key(), record.value());
                    }
                }
            });
        } catch (PartitionReader.PartitionReadTimeoutException e) {
            throw new OrderEventsException("state of " + merchant + " not read in " + LOAD_TIMEOUT, e);
        }
        MerchantState state = cursor[0] == null ? new MerchantState(Optional.empty())
                : new MerchantState(Optional.of(Instant.ofEpochMilli(cursor[0].cursorMillis())),
                        Optional.ofNullable(cursor[0].repollRequestedAtMillis()).map(Instant::ofEpochMilli));
        openOrders.values().forEach(json -> state.openOrders().track(StateRecords.openOrder(json)));
        return state;
    }

    /** One producer writes Avro order events and JSON state records in the same transaction. */
    record AvroOrString(Serializer<Object> avro) implements Serializer<Object> {
        @Override
        public byte[] serialize(String topic, Object value) {
            if (value == null) {
                return null;
            }
            if (value instanceof String json) {
                return json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            return avro.serialize(topic, value);
        }

        @Override
        public byte[] serialize(String topic, org.apache.kafka.common.header.Headers headers, Object value) {
            if (value == null || value instanceof String) {
                return serialize(topic, value);
            }
            return avro.serialize(topic, headers, value);
        }

        @Override
        public void close() {
            avro.close();
        }
    }
}
