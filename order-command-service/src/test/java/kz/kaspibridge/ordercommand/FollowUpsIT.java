package kz.kaspibridge.ordercommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.calls.CallKind;
import kz.kaspibridge.sandbox.orders.DeliveryMode;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.sandbox.orders.OrderSnapshot;
import kz.kaspibridge.schemas.catalog.AvailableStock;
import kz.kaspibridge.schemas.catalog.StockChanged;
import kz.kaspibridge.schemas.commands.OrderAccepted;
import kz.kaspibridge.schemas.commands.OrderAssembled;
import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.common.OrderStatus;
import kz.kaspibridge.schemas.delivery.BookDelivery;
import kz.kaspibridge.schemas.delivery.CancelDelivery;
import kz.kaspibridge.schemas.delivery.DeliveryCommand;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.RecordWriter;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What follows an acceptance, end to end on the real broker, the registry and the sandbox over HTTP: the units an
 * AUTO order takes come off the published figure on {@code kaspi.available-stock}; a Kaspi Delivery order of a
 * merchant that assembles automatically is assembled once, with the waybill; a cancelled order whose delivery was
 * booked gets exactly one {@code CancelDelivery}.
 */
class FollowUpsIT {

    private static final String MERCHANT = "it-follow";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final KafkaClientConfig CLIENT = new KafkaClientConfig(TestStack.bootstrapServers(),
            TestStack.registryUrl(), true);

    private static KaspiSandbox sandbox;
    private static ServiceInstance service;
    /** Own order codes: sandboxes number orders from the same start, and other ITs share the broker. */
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000);

    @BeforeAll
    static void start() {
        TestTopics.create(TestStack.bootstrapServers(), List.of(Topics.ORDERS.toNewTopic((short) 1)));
        sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults().withMerchants(List.of(
                new KaspiSandbox.Merchant(MERCHANT, "sandbox-token-" + MERCHANT))));
        service = ServiceInstance.start("order-command-follow", sandbox.shopApiUrl(), Map.of(
                "order-command-service.merchants[0].id", MERCHANT,
                "order-command-service.merchants[0].token", sandbox.tokenOf(MERCHANT),
                "order-command-service.merchants[0].policy", "AUTO",
                "order-command-service.merchants[0].auto-assemble-places", "2",
                "order-command-service.merchants[0].pickup.address", "Almaty, Abay 10",
                "order-command-service.merchants[0].pickup.contact-name", "Warehouse",
                "order-command-service.merchants[0].pickup.contact-phone", "77010000000",
                "order-command-service.kaspi.waybill-wait", "30s"));
        await().atMost(WAIT).until(() -> service.streamsState() == KafkaStreams.State.RUNNING);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void anAutoAcceptedOrderTakesItsUnitsOffThePublishedFigure() {
        String sku = "FOLLOW" + RUN;
        String key = MERCHANT + "|PP1|" + sku;
        try (RecordWriter<Object> writer = new RecordWriter<>(CLIENT.producerProperties());
             RecordReader<AvailableStock> figures = RecordReader.fromBeginning(Topics.AVAILABLE_STOCK.name(),
                     CLIENT.assignedReaderProperties("follow-figures"));
             RecordReader<OrderCommandResult> results = results("follow-take")) {
            writer.send(Topics.STOCK_CHANGES.name(), sku, StockChanged.newBuilder(
                    OrderRecords.stock(MERCHANT, sku, 3, Instant.now().minusSeconds(60))).setPreOrder(2).build());
            AvailableStock reported = figures.await(r -> key.equals(r.key()), WAIT).value();
            assertThat(reported.getStockCount()).isEqualTo(3);
            assertThat(reported.getPreOrder()).isEqualTo(2);

            OrderSnapshot order = sandbox.admin().seedOrder(OrderSeed.forMerchant(MERCHANT).withCode("71" + RUN));
            writer.send(Topics.ORDERS.name(), order.code(), OrderRecords.receivedFromStore(order, sku, 2));
            results.await(r -> order.code().equals(r.key()) && r.value().getPayload() instanceof OrderAccepted, WAIT);

            AvailableStock taken = figures.await(r -> key.equals(r.key()) && r.value().getStockCount() == 1, WAIT)
                    .value();
            assertThat(taken.getReservedUnits()).isEqualTo(2);
            assertThat(taken.getReportedCount()).isEqualTo(3);
            assertThat(taken.getStoreAvailable()).isTrue();
        }
    }

    @Test
    void aKaspiDeliveryOrderIsAssembledOnceAfterAcceptanceWithItsWaybill() {
        OrderSnapshot order = sandbox.admin().seedOrder(OrderSeed.forMerchant(MERCHANT).withCode("72" + RUN)
                .withDelivery(DeliveryMode.DELIVERY_PICKUP, true));
        try (RecordWriter<Object> writer = new RecordWriter<>(CLIENT.producerProperties());
             RecordReader<OrderCommandResult> results = results("follow-assemble")) {
            writer.send(Topics.ORDERS.name(), order.code(), OrderRecords.received(order));

            ConsumerRecord<String, OrderCommandResult> assembled = results.await(r -> order.code().equals(r.key())
                    && r.value().getPayload() instanceof OrderAssembled, WAIT);
            OrderAssembled payload = (OrderAssembled) assembled.value().getPayload();
            assertThat(payload.getNumberOfSpace()).isEqualTo(2);
            assertThat(payload.getWaybillUrl()).isNotBlank();
            // The poller's later report of the same acceptance must not assemble a second time.
            writer.send(Topics.ORDERS.name(), order.code(),
                    OrderRecords.statusChanged(order, OrderStatus.ACCEPTED_BY_MERCHANT));
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20)).until(() -> results.records()
                    .stream().filter(r -> order.code().equals(r.key())
                            && r.value().getPayload() instanceof OrderAssembled).count() == 1);
        }
        assertThat(sandbox.admin().calls(CallKind.ORDER_ASSEMBLE, order.code())).isEqualTo(1);
        assertThat(sandbox.admin().order(order.code()).orElseThrow().numberOfSpace()).isEqualTo(2);
    }

    @Test
    void aCancelledOrderWithABookedDeliveryGetsExactlyOneCancelDelivery() {
        OrderSnapshot order = sandbox.admin().seedOrder(OrderSeed.forMerchant(MERCHANT).withCode("73" + RUN)
                .withDelivery(DeliveryMode.DELIVERY_LOCAL, false));
        try (RecordWriter<Object> writer = new RecordWriter<>(CLIENT.producerProperties());
             RecordReader<DeliveryCommand> deliveries = RecordReader.fromBeginning(Topics.DELIVERY_COMMANDS.name(),
                     CLIENT.assignedReaderProperties("follow-deliveries"))) {
            writer.send(Topics.ORDERS.name(), order.code(), OrderRecords.received(order));
            deliveries.await(r -> order.code().equals(r.key()) && r.value().getPayload() instanceof BookDelivery,
                    WAIT);

            // The buyer cancels; the poller reports it (twice, as a redelivery would).
            writer.send(Topics.ORDERS.name(), order.code(), OrderRecords.statusChanged(order, OrderStatus.CANCELLED));
            writer.send(Topics.ORDERS.name(), order.code(), OrderRecords.statusChanged(order, OrderStatus.CANCELLED));

            DeliveryCommand cancel = deliveries.await(r -> order.code().equals(r.key())
                    && r.value().getPayload() instanceof CancelDelivery, WAIT).value();
            assertThat(cancel.getMetadata().getMerchantId()).isEqualTo(MERCHANT);
            assertThat(((CancelDelivery) cancel.getPayload()).getReason()).isEqualTo("ORDER_CANCELLED");
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20)).until(() -> deliveries.records()
                    .stream().filter(r -> order.code().equals(r.key())
                            && r.value().getPayload() instanceof CancelDelivery).count() == 1);
        }
    }

    private static RecordReader<OrderCommandResult> results(String client) {
        return RecordReader.fromBeginning(Topics.ORDER_RESULTS.name(), CLIENT.assignedReaderProperties(client));
    }
}
