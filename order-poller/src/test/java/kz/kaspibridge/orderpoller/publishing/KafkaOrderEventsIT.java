package kz.kaspibridge.orderpoller.publishing;

import static kz.kaspibridge.orderpoller.Orders.anOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kz.kaspibridge.orderpoller.polling.MerchantId;
import kz.kaspibridge.orderpoller.polling.MerchantState;
import kz.kaspibridge.orderpoller.polling.Order;
import kz.kaspibridge.orderpoller.polling.OrderCode;
import kz.kaspibridge.orderpoller.polling.OrderEvents;
import kz.kaspibridge.orderpoller.polling.OrderEventsException;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The crash window, on a real broker: an instance dies after writing an order event but before its
 * transaction commits. Consumers never see that event, the next owner does not count the order as
 * seen, emits it once, and the dead instance can no longer write.
 */
class KafkaOrderEventsIT {

    private static final MerchantId MERCHANT = new MerchantId("crash-m1");
    private static final PollerTopics TOPICS = new PollerTopics("it-crash", 2);
    private static KafkaClientConfig client;

    @BeforeAll
    static void topics() {
        client = new KafkaClientConfig(TestStack.bootstrapServers(), TestStack.registryUrl(), true);
        List<org.apache.kafka.clients.admin.NewTopic> topics = new ArrayList<>(TOPICS.declarations().stream().map(t -> t.toNewTopic((short) 1)).toList());
        topics.add(Topics.ORDERS.toNewTopic((short) 1));
        TestTopics.create(TestStack.bootstrapServers(), topics);
    }

    @Test
    void anOrderWrittenByAnInstanceThatDiedBeforeCommittingIsNeitherVisibleNorSeenAndIsEmittedOnceByTheNextOwner()
            throws Exception {
        Order first = anOrder().code("CRASH-1").build();
        Order second = anOrder().code("CRASH-2").build();
        KafkaOrderEvents crashed = new KafkaOrderEvents(client, TOPICS, Clock.systemUTC());
        crashed.open(MERCHANT);
        crashed.publish(MERCHANT, new OrderEvents.Batch(List.of(first), List.of(), Optional.of(Instant.now())));

        // The same instance's next transaction, cut off before its commit.
        KafkaProducer<String, Object> dying = producerAs(TOPICS.group() + "-" + MERCHANT.value());
        dying.initTransactions();
        dying.beginTransaction();
        dying.send(new ProducerRecord<>(Topics.ORDERS.name(), "CRASH-2",
                OrderEventMapping.received(MERCHANT, second, Instant.now())));
        dying.send(new ProducerRecord<>(TOPICS.openOrders(), TOPICS.partitionOf(MERCHANT),
                PollerTopics.openOrderKey(MERCHANT, second.code()), StateRecords.openOrder(second.snapshot())));
        dying.flush();

        KafkaOrderEvents nextOwner = new KafkaOrderEvents(client, TOPICS, Clock.systemUTC());
        MerchantState state = nextOwner.open(MERCHANT);

        assertThat(state.openOrders().contains(new OrderCode("CRASH-1"))).isTrue();
        assertThat(state.openOrders().contains(new OrderCode("CRASH-2"))).isFalse();
        assertThat(state.cursor()).isPresent();
        assertThatThrownBy(dying::commitTransaction).isInstanceOf(ProducerFencedException.class);
        assertThatThrownBy(() -> crashed.publish(MERCHANT,
                new OrderEvents.Batch(List.of(second), List.of(), Optional.empty())))
                .isInstanceOf(OrderEventsException.class);

        nextOwner.publish(MERCHANT, new OrderEvents.Batch(List.of(second), List.of(), Optional.empty()));

        try (RecordReader<OrderEvent> reader = RecordReader.fromBeginning(Topics.ORDERS.name(),
                client.consumerProperties("it-crash-reader"))) {
            reader.await(r -> r.value() != null && "CRASH-2".equals(r.value().getOrderCode()));
            List<String> codes = reader.records().stream().filter(r -> r.value() != null)
                    .filter(r -> MERCHANT.value().equals(r.value().getMetadata().getMerchantId()))
                    .map(r -> r.value().getOrderCode()).toList();
            assertThat(codes).containsExactly("CRASH-1", "CRASH-2");
        } finally {
            dying.close();
            crashed.close();
            nextOwner.close();
        }
    }

    private static KafkaProducer<String, Object> producerAs(String transactionalId) {
        Map<String, Object> props = new HashMap<>(client.producerProperties());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        AvroKafkaSerializer<Object> avro = new AvroKafkaSerializer<>();
        avro.configure(props, false);
        return new KafkaProducer<>(props, new StringSerializer(), new KafkaOrderEvents.AvroOrString(avro));
    }
}
