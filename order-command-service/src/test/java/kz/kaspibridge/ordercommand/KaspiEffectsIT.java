package kz.kaspibridge.ordercommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import kz.kaspibridge.kaspiclient.ApiToken;
import kz.kaspibridge.ordercommand.tools.SendCommand;
import kz.kaspibridge.kaspiclient.shop.KaspiShopClient;
import kz.kaspibridge.kaspiclient.shop.OrderCode;
import kz.kaspibridge.kaspiclient.shop.OrderId;
import kz.kaspibridge.kaspiclient.shop.ShopClientSettings;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.calls.CallKind;
import kz.kaspibridge.sandbox.faults.FaultRule;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.sandbox.orders.OrderSnapshot;
import kz.kaspibridge.schemas.commands.AcceptOrder;
import kz.kaspibridge.schemas.commands.CompleteOrder;
import kz.kaspibridge.schemas.commands.OrderAccepted;
import kz.kaspibridge.schemas.commands.OrderCommand;
import kz.kaspibridge.schemas.commands.OrderCommandRejected;
import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.commands.OrderCompleted;
import kz.kaspibridge.schemas.commands.OrderCompletionCodeSent;
import kz.kaspibridge.schemas.commands.RejectionReason;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.RecordWriter;
import kz.kaspibridge.testsupport.TestStack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Kaspi effects end to end: the service as a running application, the sandbox over HTTP, the embedded broker and
 * the registry. Orders enter as the poller would write them; outcomes are read from {@code kaspi.order-results}
 * and checked against the sandbox's call counters.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
class KaspiEffectsIT {

    private static final String AUTO = "it-fx-auto";
    private static final String MANUAL = "it-fx-manual";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static KaspiSandbox sandbox;
    private static final KafkaClientConfig CLIENT = new KafkaClientConfig(TestStack.bootstrapServers(),
            TestStack.registryUrl(), true);

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    private io.micrometer.core.instrument.MeterRegistry meters;

    @AfterEach
    void clearFaults() {
        sandbox.admin().clearFaults();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults().withMerchants(List.of(
                new KaspiSandbox.Merchant(AUTO, "sandbox-token-" + AUTO),
                new KaspiSandbox.Merchant(MANUAL, "sandbox-token-" + MANUAL))));
        ServiceSettings.register(registry, "order-command-service-fx", sandbox);
        ServiceSettings.merchant(registry, 0, AUTO, sandbox, "AUTO");
        ServiceSettings.merchant(registry, 1, MANUAL, sandbox, "MANUAL");
    }

    @Test
    void autoAcceptsWithExactlyOneAcceptCallEvenWhenTheOrderArrivesTwice() {
        OrderSnapshot order = sandbox.admin().seedOrder(OrderSeed.forMerchant(AUTO));
        try (RecordReader<OrderCommandResult> results = results("fx-auto")) {
            publish(order);
            publish(order);

            awaitResult(results, order.code(), OrderAccepted.class);
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20))
                    .until(() -> resultsFor(results, order.code()).size() == 1);
        }
        assertThat(sandbox.admin().order(order.code()).orElseThrow().status().name())
                .isEqualTo("ACCEPTED_BY_MERCHANT");
        assertThat(sandbox.admin().calls(CallKind.ORDER_ACCEPT, order.code())).isEqualTo(1);
    }

    @Test
    void theSameCommandTwiceHasOneEffectAndOneResult() {
        OrderSnapshot order = sandbox.admin().seedOrder(OrderSeed.forMerchant(MANUAL));
        String commandId = UUID.randomUUID().toString();
        try (RecordReader<OrderCommandResult> results = results("fx-twice");
             RecordWriter<Object> writer = new RecordWriter<>(CLIENT.producerProperties())) {
            publish(order);
            writer.send(Topics.ORDER_COMMANDS.name(), order.code(), accept(commandId, order.code()));
            writer.send(Topics.ORDER_COMMANDS.name(), order.code(), accept(commandId, order.code()));

            results.await(r -> commandId.equals(r.value().getCommandId()), WAIT);
            // Had the copy slipped through, its result would follow within seconds: hold the count that long.
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20)).until(() -> results.records()
                    .stream().filter(r -> commandId.equals(r.value().getCommandId())).count() == 1);
        }
        assertThat(sandbox.admin().calls(CallKind.ORDER_ACCEPT, order.code())).isEqualTo(1);
    }

    @Test
    void anAcceptKaspiAlreadyAppliedIsNotSentAgain() {
        // As after "applied, then 504": Kaspi shows the order accepted, and every write would now fail.
        OrderSnapshot order = sandbox.admin().seedOrder(OrderSeed.forMerchant(MANUAL));
        KaspiShopClient direct = new KaspiShopClient(ShopClientSettings.defaults(
                java.net.URI.create(sandbox.shopApiUrl())), new SimpleMeterRegistry());
        direct.accept(new ApiToken(sandbox.tokenOf(MANUAL)), new OrderId(order.id()), new OrderCode(order.code()))
                .block(Duration.ofSeconds(30));
        sandbox.admin().injectFault(FaultRule.serverError("orders.update", 504));
        String commandId = UUID.randomUUID().toString();
        try (RecordReader<OrderCommandResult> results = results("fx-applied");
             RecordWriter<Object> writer = new RecordWriter<>(CLIENT.producerProperties())) {
            publish(order);
            writer.send(Topics.ORDER_COMMANDS.name(), order.code(), accept(commandId, order.code()));

            ConsumerRecord<String, OrderCommandResult> result = results.await(
                    r -> commandId.equals(r.value().getCommandId()), WAIT);
            assertThat(result.value().getPayload()).isInstanceOf(OrderAccepted.class);
        }
        assertThat(sandbox.admin().calls(CallKind.ORDER_ACCEPT, order.code())).isEqualTo(1);
    }

    @Test
    void anAcceptKaspiAppliedBeforeAnswering504CountsAsDoneWithOneCall() {
        OrderSnapshot order = sandbox.admin().seedOrder(OrderSeed.forMerchant(MANUAL));
        sandbox.admin().injectFault(FaultRule.appliedThenError("orders.update", 504).times(1));
        String commandId = UUID.randomUUID().toString();
        try (RecordReader<OrderCommandResult> results = results("fx-applied-504");
             RecordWriter<Object> writer = new RecordWriter<>(CLIENT.producerProperties())) {
            publish(order);
            writer.send(Topics.ORDER_COMMANDS.name(), order.code(), accept(commandId, order.code()));

            assertThat(results.await(r -> commandId.equals(r.value().getCommandId()), WAIT).value().getPayload())
                    .isInstanceOf(OrderAccepted.class);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15)).until(() -> results.records()
                    .stream().filter(r -> commandId.equals(r.value().getCommandId())).count() == 1);
        }
        assertThat(sandbox.admin().calls(CallKind.ORDER_ACCEPT, order.code())).isEqualTo(1);
        assertThat(sandbox.admin().order(order.code()).orElseThrow().status().name())
                .isEqualTo("ACCEPTED_BY_MERCHANT");
    }

    @Test
    void aWriteThatGot504IsRetriedAfterReadingTheOrderAndAppliedOnce() {
        OrderSnapshot order = sandbox.admin().seedOrder(OrderSeed.forMerchant(MANUAL));
        sandbox.admin().injectFault(FaultRule.serverError("orders.update", 504).times(1));
        String commandId = UUID.randomUUID().toString();
        try (RecordReader<OrderCommandResult> results = results("fx-504");
             RecordWriter<Object> writer = new RecordWriter<>(CLIENT.producerProperties())) {
            publish(order);
            writer.send(Topics.ORDER_COMMANDS.name(), order.code(), accept(commandId, order.code()));

            assertThat(results.await(r -> commandId.equals(r.value().getCommandId()), WAIT).value().getPayload())
                    .isInstanceOf(OrderAccepted.class);
            assertThat(results.records()).filteredOn(r -> commandId.equals(r.value().getCommandId())).hasSize(1);
        }
        assertThat(sandbox.admin().calls(CallKind.ORDER_ACCEPT, order.code())).isEqualTo(1);
    }

    /**
     * One order's accept keeps failing (503) while other orders are carried out in the same polls, some on its
     * partition after it: the others of other partitions get their result while it fails, those after it on its
     * partition wait for it, and once Kaspi answers again every order has exactly one result and one accept call.
     * (The sandbox fails every update alike, so the other orders are ones Kaspi already shows accepted: the executor
     * only reads them.)
     */
    @Test
    void anOrderFailingForAWhileHoldsUpNoOtherPartitionAndNothingIsWrittenTwice() {
        KaspiShopClient direct = new KaspiShopClient(ShopClientSettings.defaults(
                java.net.URI.create(sandbox.shopApiUrl())), new SimpleMeterRegistry());
        OrderSnapshot failing = sandbox.admin().seedOrder(OrderSeed.forMerchant(AUTO));
        int failingPartition = effectsPartition(failing.code());
        List<OrderSnapshot> samePartition = new java.util.ArrayList<>();
        List<OrderSnapshot> otherPartitions = new java.util.ArrayList<>();
        while (samePartition.size() < 2 || otherPartitions.size() < 4) {
            OrderSnapshot other = sandbox.admin().seedOrder(OrderSeed.forMerchant(AUTO));
            List<OrderSnapshot> into = effectsPartition(other.code()) == failingPartition ? samePartition
                    : otherPartitions;
            if (into.size() < (into == samePartition ? 2 : 4)) {
                direct.accept(new ApiToken(sandbox.tokenOf(AUTO)), new OrderId(other.id()),
                        new OrderCode(other.code())).block(Duration.ofSeconds(30));
                into.add(other);
            }
        }
        double retriesBefore = retries();
        sandbox.admin().injectFault(FaultRule.serverError("orders.update", 503));
        try (RecordReader<OrderCommandResult> results = results("fx-one-failing")) {
            publish(failing);
            samePartition.forEach(o -> publish(o));
            otherPartitions.forEach(o -> publish(o));

            for (OrderSnapshot other : otherPartitions) {
                awaitResult(results, other.code(), OrderAccepted.class);
            }
            await().atMost(WAIT).until(() -> retries() >= retriesBefore + 3);
            assertThat(resultsFor(results, failing.code())).isEmpty();
            for (OrderSnapshot waiting : samePartition) {
                assertThat(resultsFor(results, waiting.code())).as("after the failing order on its partition")
                        .isEmpty();
            }

            sandbox.admin().clearFaults();
            awaitResult(results, failing.code(), OrderAccepted.class);
            for (OrderSnapshot waiting : samePartition) {
                awaitResult(results, waiting.code(), OrderAccepted.class);
            }
            List<OrderSnapshot> all = new java.util.ArrayList<>(otherPartitions);
            all.addAll(samePartition);
            all.add(failing);
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20))
                    .until(() -> all.stream().allMatch(o -> resultsFor(results, o.code()).size() == 1));
            for (OrderSnapshot order : all) {
                assertThat(sandbox.admin().calls(CallKind.ORDER_ACCEPT, order.code())).isEqualTo(1);
                assertThat(sandbox.admin().order(order.code()).orElseThrow().status().name())
                        .isEqualTo("ACCEPTED_BY_MERCHANT");
            }
        }
    }

    @Test
    void anUnreadableIntentGoesToTheDeadLetterTopicAtOnceWithTheReplayHeadersAndTheOrderGoesOn() throws Exception {
        OrderSnapshot order = sandbox.admin().seedOrder(OrderSeed.forMerchant(AUTO));
        String effects = kz.kaspibridge.ordercommand.streams.OrderCommandTopology.EFFECTS_TOPIC;
        java.util.Map<String, Object> text = CLIENT.rawProducerProperties();
        text.put(org.apache.kafka.clients.producer.ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.StringSerializer.class);
        try (RecordReader<String> deadLetters = RecordReader.fromBeginning(effects + "-dlt",
                     CLIENT.plainTextReaderProperties("fx-dlt"));
             RecordReader<OrderCommandResult> results = results("fx-poison");
             org.apache.kafka.clients.producer.KafkaProducer<String, String> producer =
                     new org.apache.kafka.clients.producer.KafkaProducer<>(text)) {
            producer.send(new ProducerRecord<>(effects, order.code(), "{not an effect")).get();
            publish(order);

            ConsumerRecord<String, String> dead = deadLetters.await(r -> order.code().equals(r.key()), WAIT);
            assertThat(dead.value()).isEqualTo("{not an effect");
            assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(effects);
            assertThat(header(dead, "kafka_dlt-original-offset")).isNotNull();
            assertThat(header(dead, "kafka_dlt-original-consumer-group")).isEqualTo("order-command-service-fx-effects");
            assertThat(header(dead, "kafka_dlt-exception-cause-fqcn")).startsWith("tools.jackson");
            // the order's intent after the poison, on the same partition, is carried out once
            awaitResult(results, order.code(), OrderAccepted.class);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15))
                    .until(() -> resultsFor(results, order.code()).size() == 1
                            && deadLetters.records().stream().filter(r -> order.code().equals(r.key())).count() == 1);
        }
        assertThat(sandbox.admin().calls(CallKind.ORDER_ACCEPT, order.code())).isEqualTo(1);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        org.apache.kafka.common.header.Header header = record.headers().lastHeader(name);
        if (header == null) {
            return null;
        }
        byte[] value = header.value();
        return name.endsWith("offset") ? String.valueOf(java.nio.ByteBuffer.wrap(value).getLong())
                : new String(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The effects topic's partition of an order (the producer's default partitioner on the string key). */
    private static int effectsPartition(String code) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                code.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % 6;
    }

    private double retries() {
        io.micrometer.core.instrument.Counter counter = meters.find("kaspi.commands.effects")
                .tags("type", "ACCEPT", "outcome", "RETRY").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void twoStepCompletionRejectsAWrongCodeWithKaspisTitleAndCompletesWithTheRightOne() {
        OrderSnapshot order = sandbox.admin().seedOrder(OrderSeed.forMerchant(MANUAL));
        try (RecordReader<OrderCommandResult> results = results("fx-complete");
             RecordWriter<Object> writer = new RecordWriter<>(CLIENT.producerProperties())) {
            publish(order);
            String acceptId = UUID.randomUUID().toString();
            writer.send(Topics.ORDER_COMMANDS.name(), order.code(), accept(acceptId, order.code()));
            results.await(r -> acceptId.equals(r.value().getCommandId()), WAIT);

            String sendCode = UUID.randomUUID().toString();
            writer.send(Topics.ORDER_COMMANDS.name(), order.code(), complete(sendCode, order.code(), null));
            assertThat(results.await(r -> sendCode.equals(r.value().getCommandId()), WAIT).value().getPayload())
                    .isInstanceOf(OrderCompletionCodeSent.class);
            String code = sandbox.admin().securityCode(order.code()).orElseThrow();

            String wrong = UUID.randomUUID().toString();
            writer.send(Topics.ORDER_COMMANDS.name(), order.code(), complete(wrong, order.code(), code + "9"));
            OrderCommandRejected rejected = (OrderCommandRejected) results.await(
                    r -> wrong.equals(r.value().getCommandId()), WAIT).value().getPayload();
            assertThat(rejected.getReason()).isEqualTo(RejectionReason.INVALID_SECURITY_CODE);
            assertThat(rejected.getKaspiTitle()).isNotBlank();

            String right = UUID.randomUUID().toString();
            writer.send(Topics.ORDER_COMMANDS.name(), order.code(), complete(right, order.code(), code));
            assertThat(results.await(r -> right.equals(r.value().getCommandId()), WAIT).value().getPayload())
                    .isInstanceOf(OrderCompleted.class);
        }
        assertThat(sandbox.admin().order(order.code()).orElseThrow().status().name()).isEqualTo("COMPLETED");
    }

    @Test
    void anAcceptWrittenBySendCommandIsDecodedAndCarriedOut() throws Exception {
        OrderSnapshot order = sandbox.admin().seedOrder(OrderSeed.forMerchant(MANUAL));
        try (RecordReader<OrderCommandResult> results = results("fx-tool")) {
            publish(order);
            ProducerRecord<String, Object> command = SendCommand.record(
                    new String[] {"accept", MANUAL, order.code()}, java.time.Clock.systemUTC());
            SendCommand.send(CLIENT, command);

            String commandId = ((OrderCommand) command.value()).getCommandId();
            assertThat(results.await(r -> commandId.equals(r.value().getCommandId()), WAIT).value().getPayload())
                    .isInstanceOf(OrderAccepted.class);
        }
        assertThat(sandbox.admin().order(order.code()).orElseThrow().status().name())
                .isEqualTo("ACCEPTED_BY_MERCHANT");
    }

    private static RecordReader<OrderCommandResult> results(String client) {
        return RecordReader.fromBeginning(Topics.ORDER_RESULTS.name(), CLIENT.assignedReaderProperties(client));
    }

    private static void awaitResult(RecordReader<OrderCommandResult> results, String code, Class<?> payload) {
        results.await(r -> code.equals(r.key()) && payload.isInstance(r.value().getPayload()), WAIT);
    }

    private static List<OrderCommandResult> resultsFor(RecordReader<OrderCommandResult> results, String code) {
        return results.records().stream().filter(r -> code.equals(r.key())).map(ConsumerRecord::value).toList();
    }

    /** As the poller writes it. */
    private static void publish(OrderSnapshot order) {
        try (RecordWriter<Object> writer = new RecordWriter<>(CLIENT.producerProperties())) {
            writer.send(Topics.ORDERS.name(), order.code(), OrderRecords.received(order));
        }
    }

    private static OrderCommand accept(String commandId, String code) {
        return OrderCommand.newBuilder().setMetadata(metadata(MANUAL, UUID.randomUUID().toString(), Instant.now()))
                .setCommandId(commandId).setOrderCode(code).setPayload(AcceptOrder.newBuilder().build()).build();
    }

    private static OrderCommand complete(String commandId, String code, String securityCode) {
        return OrderCommand.newBuilder().setMetadata(metadata(MANUAL, UUID.randomUUID().toString(), Instant.now()))
                .setCommandId(commandId).setOrderCode(code)
                .setPayload(CompleteOrder.newBuilder().setSecurityCode(securityCode).build()).build();
    }

    private static EventMetadata metadata(String merchant, String eventId, Instant at) {
        return EventMetadata.newBuilder().setEventId(eventId).setOccurredAt(at).setMerchantId(merchant)
                .setCorrelationId(eventId).build();
    }
}
