package kz.kaspibridge.orderpoller;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.orders.OrderReceived;
import kz.kaspibridge.schemas.orders.OrderStatusChanged;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;

/** kaspi.orders as a consumer sees it (read_committed, Avro through the registry), for some merchants. */
final class OrderTopic implements AutoCloseable {

    private final RecordReader<OrderEvent> reader;

    OrderTopic() {
        KafkaClientConfig client = new KafkaClientConfig(TestStack.bootstrapServers(), TestStack.registryUrl(), true);
        // The poller declares it too; whoever comes first creates it, as in production.
        TestTopics.create(TestStack.bootstrapServers(), List.of(Topics.ORDERS.toNewTopic((short) 1)));
        this.reader = RecordReader.fromBeginning(Topics.ORDERS.name(), client.consumerProperties("it-orders-reader"));
    }

    List<ConsumerRecord<String, OrderEvent>> events(String merchant) {
        return reader.records().stream().filter(r -> r.value() != null)
                .filter(r -> merchant.equals(r.value().getMetadata().getMerchantId())).toList();
    }

    List<OrderEvent> received(String merchant) {
        return events(merchant).stream().map(ConsumerRecord::value)
                .filter(e -> e.getPayload() instanceof OrderReceived).toList();
    }

    List<OrderEvent> statusChanges(String merchant) {
        return events(merchant).stream().map(ConsumerRecord::value)
                .filter(e -> e.getPayload() instanceof OrderStatusChanged).toList();
    }

    /** Waits until at least {@code count} distinct orders of the merchant were received. */
    List<OrderEvent> awaitReceived(String merchant, int count, Duration wait) {
        Awaitility.await().atMost(wait).pollInterval(Duration.ofMillis(200))
                .until(() -> distinctCodes(received(merchant)) >= count);
        return received(merchant);
    }

    static long distinctCodes(List<OrderEvent> events) {
        return events.stream().map(OrderEvent::getOrderCode).distinct().count();
    }

    /** Codes that appear more than once. */
    static Map<String, Long> duplicates(List<OrderEvent> events) {
        return events.stream().collect(Collectors.groupingBy(OrderEvent::getOrderCode, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    static Function<OrderEvent, OrderReceived> asReceived() {
        return e -> (OrderReceived) e.getPayload();
    }

    @Override
    public void close() {
        reader.close();
    }
}
