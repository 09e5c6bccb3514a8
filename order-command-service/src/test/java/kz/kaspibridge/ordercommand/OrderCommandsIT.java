package kz.kaspibridge.ordercommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.calls.CallKind;
import kz.kaspibridge.sandbox.orders.DeliveryMode;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.sandbox.orders.OrderSnapshot;
import kz.kaspibridge.schemas.commands.OrderAccepted;
import kz.kaspibridge.schemas.commands.OrderAssembled;
import kz.kaspibridge.schemas.commands.OrderCancelled;
import kz.kaspibridge.schemas.commands.OrderCommandRejected;
import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.commands.OrderCommandType;
import kz.kaspibridge.schemas.commands.RejectionReason;
import kz.kaspibridge.schemas.common.CancellationReason;
import kz.kaspibridge.schemas.delivery.BookDelivery;
import kz.kaspibridge.schemas.delivery.DeliveryCommand;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.RecordWriter;
import kz.kaspibridge.testsupport.TestStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Merchant commands and what follows an acceptance, end to end: cancel with each reason and the cancels refused
 * before any call, assemble with Kaspi's waybill, a poison command on the dead-letter topic, and the
 * {@code BookDelivery} of an order the merchant delivers itself. One running service, a MANUAL merchant and an
 * AUTO merchant with a pickup stop.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
class OrderCommandsIT {

    private static final String MANUAL = "it-cmd-manual";
    private static final String AUTO = "it-cmd-auto";
    private static final String PICKUP_ADDRESS = "Алматы, проспект Абая, 10, склад 2";
    private static final String PICKUP_NAME = "Test Storekeeper";
    private static final String PICKUP_PHONE = "77010000000";
    private static final String PICKUP_NOTES = "gate 2";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final KafkaClientConfig CLIENT = new KafkaClientConfig(TestStack.bootstrapServers(),
            TestStack.registryUrl(), true);
    // Other ITs share the broker and every sandbox numbers its orders alike: codes of this run only.
    private static final String RUN = String.format("%06d", System.nanoTime() % 1_000_000);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static KaspiSandbox sandbox;

    private RecordWriter<Object> writer;
    private RecordReader<OrderCommandResult> results;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults().withWaybillDelay(Duration.ofSeconds(1))
                .withMerchants(List.of(new KaspiSandbox.Merchant(MANUAL, "sandbox-token-" + MANUAL),
                        new KaspiSandbox.Merchant(AUTO, "sandbox-token-" + AUTO))));
        ServiceSettings.register(registry, "order-command-service-commands", sandbox);
        ServiceSettings.merchant(registry, 0, MANUAL, sandbox, "MANUAL");
        ServiceSettings.merchant(registry, 1, AUTO, sandbox, "AUTO");
        registry.add("order-command-service.merchants[1].pickup.address", () -> PICKUP_ADDRESS);
        registry.add("order-command-service.merchants[1].pickup.contact-name", () -> PICKUP_NAME);
        registry.add("order-command-service.merchants[1].pickup.contact-phone", () -> PICKUP_PHONE);
        registry.add("order-command-service.merchants[1].pickup.notes", () -> PICKUP_NOTES);
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @BeforeEach
    void openClients() {
        writer = new RecordWriter<>(CLIENT.producerProperties());
        results = RecordReader.fromBeginning(Topics.ORDER_RESULTS.name(),
                CLIENT.assignedReaderProperties("commands-results-" + UUID.randomUUID()));
    }

    @AfterEach
    void closeClients() {
        results.close();
        writer.close();
    }

    @Test
    void cancelWithEachReasonCancelsTheOrderInKaspiWithThatReason() {
        for (CancellationReason reason : List.of(CancellationReason.BUYER_CANCELLATION_BY_MERCHANT,
                CancellationReason.BUYER_NOT_REACHABLE, CancellationReason.MERCHANT_OUT_OF_STOCK)) {
            OrderSnapshot order = seed(OrderSeed.forMerchant(MANUAL));
            publishOrder(OrderRecords.received(order));
            String cancelId = UUID.randomUUID().toString();
            writer.send(Topics.ORDER_COMMANDS.name(), order.code(),
                    OrderRecords.cancel(order, cancelId, reason, "cancelled by the merchant's test"));

            OrderCancelled cancelled = (OrderCancelled) awaitResult(cancelId).getPayload();
            assertThat(cancelled.getReason()).isEqualTo(reason);
            OrderSnapshot inKaspi = sandbox.admin().order(order.code()).orElseThrow();
            assertThat(inKaspi.status().name()).as(reason.name()).isEqualTo("CANCELLED");
            assertThat(inKaspi.cancellationReason()).isEqualTo(reason.name());
            assertThat(inKaspi.cancellationComment()).isEqualTo("cancelled by the merchant's test");
            assertThat(sandbox.admin().calls(CallKind.ORDER_CANCEL, order.code())).as(reason.name()).isEqualTo(1);
        }
    }

    @Test
    void aCancelCommentOverAThousandCharactersIsRejectedWithoutACall() {
        OrderSnapshot order = seed(OrderSeed.forMerchant(MANUAL));
        publishOrder(OrderRecords.received(order));
        String cancelId = UUID.randomUUID().toString();
        writer.send(Topics.ORDER_COMMANDS.name(), order.code(), OrderRecords.cancel(order, cancelId,
                CancellationReason.BUYER_NOT_REACHABLE, "x".repeat(1001)));

        OrderCommandRejected rejected = (OrderCommandRejected) awaitResult(cancelId).getPayload();
        assertThat(rejected.getReason()).isEqualTo(RejectionReason.INVALID_COMMAND);
        assertThat(rejected.getCommandType()).isEqualTo(OrderCommandType.CANCEL);
        assertThat(sandbox.admin().calls(CallKind.ORDER_CANCEL, order.code())).isZero();
        assertThat(status(order)).isEqualTo("APPROVED_BY_BANK");
    }

    @Test
    void aCancelWithAReasonKaspiDoesNotKnowIsRejectedWithoutACall() {
        OrderSnapshot order = seed(OrderSeed.forMerchant(MANUAL));
        publishOrder(OrderRecords.received(order));
        String cancelId = UUID.randomUUID().toString();
        writer.send(Topics.ORDER_COMMANDS.name(), order.code(), OrderRecords.cancel(order, cancelId,
                CancellationReason.UNKNOWN, null));

        OrderCommandRejected rejected = (OrderCommandRejected) awaitResult(cancelId).getPayload();
        assertThat(rejected.getReason()).isEqualTo(RejectionReason.INVALID_COMMAND);
        assertThat(sandbox.admin().calls(CallKind.ORDER_CANCEL, order.code())).isZero();
        assertThat(status(order)).isEqualTo("APPROVED_BY_BANK");
    }

    @Test
    void assemblingAKaspiDeliveryOrderAnswersWithItsWaybill() {
        OrderSnapshot order = seed(OrderSeed.forMerchant(AUTO).withDelivery(DeliveryMode.DELIVERY_REGIONAL_TODOOR,
                true));
        publishOrder(OrderRecords.received(order));
        results.await(r -> order.code().equals(r.key()) && r.value().getPayload() instanceof OrderAccepted
                && AUTO.equals(r.value().getMetadata().getMerchantId()), WAIT);

        String assembleId = UUID.randomUUID().toString();
        writer.send(Topics.ORDER_COMMANDS.name(), order.code(), OrderRecords.assemble(order, assembleId, 2));

        OrderAssembled assembled = (OrderAssembled) awaitResult(assembleId).getPayload();
        OrderSnapshot inKaspi = sandbox.admin().order(order.code()).orElseThrow();
        assertThat(assembled.getNumberOfSpace()).isEqualTo(2);
        assertThat(assembled.getWaybillUrl()).isNotBlank().isEqualTo(inKaspi.waybill());
        assertThat(inKaspi.numberOfSpace()).isEqualTo(2);
        assertThat(sandbox.admin().calls(CallKind.ORDER_ASSEMBLE, order.code())).isEqualTo(1);
    }

    @Test
    void aPoisonCommandGoesToTheDeadLetterTopicAndTheNextCommandIsStillProcessed() {
        OrderSnapshot order = seed(OrderSeed.forMerchant(MANUAL));
        publishOrder(OrderRecords.received(order));
        byte[] poison = ("not avro " + order.code()).getBytes(StandardCharsets.UTF_8);
        try (RecordWriter<byte[]> raw = new RecordWriter<>(CLIENT.rawProducerProperties());
             RecordReader<byte[]> deadLetters = RecordReader.fromBeginning(
                     Topics.ORDER_COMMANDS.deadLetter().name(), rawReader("commands-dlt-" + UUID.randomUUID()))) {
            // Same key as the valid command after it: same partition, so the poison is really in its way.
            raw.send(Topics.ORDER_COMMANDS.name(), order.code(), poison);
            String acceptId = UUID.randomUUID().toString();
            writer.send(Topics.ORDER_COMMANDS.name(), order.code(), OrderRecords.accept(order, acceptId));

            assertThat(deadLetters.await(r -> order.code().equals(r.key()), WAIT).value()).isEqualTo(poison);
            assertThat(awaitResult(acceptId).getPayload()).isInstanceOf(OrderAccepted.class);
        }
        assertThat(status(order)).isEqualTo("ACCEPTED_BY_MERCHANT");
        assertThat(sandbox.admin().calls(CallKind.ORDER_ACCEPT, order.code())).isEqualTo(1);
    }

    @Test
    void anAcceptedOrderTheMerchantDeliversGetsOneBookingWithPickupDropoffAndParcel() {
        OrderSnapshot order = seed(OrderSeed.forMerchant(AUTO).withDelivery(DeliveryMode.DELIVERY_LOCAL, false)
                .withEntries(2));
        try (RecordReader<DeliveryCommand> deliveries = deliveryCommands()) {
            publishOrder(OrderRecords.received(order));

            results.await(r -> isFor(r.key(), r.value().getMetadata().getMerchantId(), order)
                    && r.value().getPayload() instanceof OrderAccepted, WAIT);
            deliveries.await(r -> isFor(r.key(), r.value().getMetadata().getMerchantId(), order), WAIT);
            // One booking per order: a second would follow within seconds, so watch that long.
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20)).until(() ->
                    bookingsFor(deliveries, order).size() == 1);

            BookDelivery booking = (BookDelivery) bookingsFor(deliveries, order).get(0).getPayload();
            assertThat(booking.getPickup().getAddress()).isEqualTo(PICKUP_ADDRESS);
            assertThat(booking.getPickup().getContactName()).isEqualTo(PICKUP_NAME);
            assertThat(booking.getPickup().getContactPhone()).isEqualTo(PICKUP_PHONE);
            assertThat(booking.getPickup().getNotes()).isEqualTo(PICKUP_NOTES);
            assertThat(booking.getDropoff().getAddress()).isEqualTo(order.deliveryAddress().formattedAddress());
            assertThat(booking.getDropoff().getContactName())
                    .isEqualTo(order.customer().firstName() + " " + order.customer().lastName());
            assertThat(booking.getDropoff().getContactPhone()).isEqualTo(order.customer().cellPhone());
            assertThat(booking.getParcel().getDescription()).isEqualTo(order.entries().stream()
                    .map(e -> e.quantity() + " x " + e.offerName()).collect(Collectors.joining(", ")));
            assertThat(booking.getParcel().getWeightGrams()).isEqualTo(order.entries().stream()
                    .mapToInt(e -> BigDecimal.valueOf(e.weightKg()).multiply(BigDecimal.valueOf(1000L * e.quantity()))
                            .intValueExact()).sum());
            assertThat(booking.getParcel().getValueKzt()).isEqualTo(order.totalPrice());
        }
        assertThat(sandbox.admin().calls(CallKind.ORDER_ACCEPT, order.code())).isEqualTo(1);
    }

    @Test
    void aKaspiDeliveryOrderInTheCityGetsNoBooking() {
        // DELIVERY_LOCAL with isKaspiDelivery: Kaspi's courier takes it (the sandbox's default for the mode).
        OrderSnapshot order = seed(OrderSeed.forMerchant(AUTO).withDelivery(DeliveryMode.DELIVERY_LOCAL, true));
        try (RecordReader<DeliveryCommand> deliveries = deliveryCommands()) {
            publishOrder(OrderRecords.received(order));

            results.await(r -> isFor(r.key(), r.value().getMetadata().getMerchantId(), order)
                    && r.value().getPayload() instanceof OrderAccepted, WAIT);
            // The booking would be written in the accept's transaction: none there now means none at all.
            assertThat(bookingsFor(deliveries, order)).isEmpty();
        }
    }

    private static OrderSnapshot seed(OrderSeed seed) {
        return sandbox.admin().seedOrder(seed.withCode("72" + RUN + String.format("%03d",
                SEQUENCE.incrementAndGet())));
    }

    private void publishOrder(OrderEvent event) {
        writer.send(Topics.ORDERS.name(), event.getOrderCode(), event);
    }

    private OrderCommandResult awaitResult(String commandId) {
        return results.await(r -> commandId.equals(r.value().getCommandId()), WAIT).value();
    }

    private static boolean isFor(String key, String merchant, OrderSnapshot order) {
        return order.code().equals(key) && order.merchantId().equals(merchant);
    }

    private static List<DeliveryCommand> bookingsFor(RecordReader<DeliveryCommand> deliveries, OrderSnapshot order) {
        return deliveries.records().stream().filter(r -> isFor(r.key(), r.value().getMetadata().getMerchantId(),
                order)).map(ConsumerRecord::value).toList();
    }

    private static RecordReader<DeliveryCommand> deliveryCommands() {
        return RecordReader.fromBeginning(Topics.DELIVERY_COMMANDS.name(),
                CLIENT.assignedReaderProperties("commands-deliveries-" + UUID.randomUUID()));
    }

    private static Map<String, Object> rawReader(String clientId) {
        Map<String, Object> props = CLIENT.plainTextReaderProperties(clientId);
        props.put("value.deserializer", ByteArrayDeserializer.class);
        return props;
    }

    private static String status(OrderSnapshot order) {
        return sandbox.admin().order(order.code()).orElseThrow().status().name();
    }
}
