package kz.kaspibridge.schemas.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kz.kaspibridge.schemas.SampleContractsAccess;
import kz.kaspibridge.schemas.commands.AcceptOrder;
import kz.kaspibridge.schemas.commands.CancelOrder;
import kz.kaspibridge.schemas.commands.OrderAccepted;
import kz.kaspibridge.schemas.commands.OrderCommand;
import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.common.CancellationReason;
import kz.kaspibridge.schemas.common.DeliveryStatus;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.delivery.BookDelivery;
import kz.kaspibridge.schemas.delivery.DeliveryBooked;
import kz.kaspibridge.schemas.delivery.DeliveryCommand;
import kz.kaspibridge.schemas.delivery.DeliveryEvent;
import kz.kaspibridge.schemas.delivery.DeliveryStatusChanged;
import kz.kaspibridge.schemas.delivery.DeliveryStatusReported;
import kz.kaspibridge.schemas.delivery.Parcel;
import kz.kaspibridge.schemas.delivery.Stop;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topic;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordWriter;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kaspi-ops trace} against the real embedded broker and registry: one order's whole chain, written out of
 * time order across seven topics, a dead letter, an undecodable dead letter and an internal record, beside another
 * order on the same partitions, comes back as one timeline in time order with nothing personal in it.
 */
class OrderTraceIT {

    private static final String ORDER = "TRACE-100";
    // Recent: the internal topics keep a broker's default week, and older records would be deleted mid-run.
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
    private static final String MERCHANT = "demo-merchant-1";
    private static KafkaClientConfig kafka;
    private static String neighbour;

    @BeforeAll
    static void writeTheChain() {
        kafka = new KafkaClientConfig(TestStack.bootstrapServers(), TestStack.registryUrl(), true);
        List<NewTopic> topics = new ArrayList<>();
        Topics.orderKeyed().forEach(topic -> topics.add(topic.toNewTopic((short) 1)));
        for (String internal : Topics.orderKeyedInternal()) {
            topics.add(new NewTopic(internal, Topics.ORDERS.partitions(), (short) 1));
            topics.add(new NewTopic(internal + Topic.DEAD_LETTER_SUFFIX, Topics.ORDERS.partitions(), (short) 1));
        }
        TestTopics.create(kafka.bootstrapServers(), topics);
        // Another order on the same partition of every topic (they all have the same count): it must not show.
        int partitions = partitionsOf(Topics.ORDERS.name());
        neighbour = neighbourOf(ORDER, partitions);

        String received = "e1-received", accept = "e2-accept", accepted = "e3-accepted", book = "e4-book",
                booked = "e5-booked", reported = "e6-reported", changed = "e7-changed", cancel = "e8-cancel";
        try (RecordWriter<Object> avro = new RecordWriter<>(kafka.producerProperties());
             RecordWriter<Object> raw = new RecordWriter<>(kafka.rawProducerProperties())) {
            // Written topic by topic, not in time order: the timeline must sort them.
            avro.send(Topics.DELIVERY_EVENTS.name(), ORDER, DeliveryEvent.newBuilder()
                    .setMetadata(meta(changed, 7, reported)).setOrderCode(ORDER).setPayload(DeliveryStatusChanged
                            .newBuilder().setDeliveryId("dlv_7").setPreviousStatus(DeliveryStatus.CREATED)
                            .setStatus(DeliveryStatus.IN_TRANSIT).setStatusAt(T0.plusSeconds(6)).build()).build());
            avro.send(Topics.DELIVERY_EVENTS.name(), ORDER, DeliveryEvent.newBuilder()
                    .setMetadata(meta(booked, 5, book)).setOrderCode(ORDER).setCommandId("cmd-book")
                    .setPayload(DeliveryBooked.newBuilder().setDeliveryId("dlv_7").setStatus(DeliveryStatus.CREATED)
                            .setTrackingUrl("https://track.example/secret-token-42").build()).build());
            avro.send(Topics.ORDERS.name(), ORDER, OrderEvent.newBuilder().setMetadata(meta(received, 0, null))
                    .setOrderCode(ORDER).setPayload(SampleContractsAccess.orderReceived()).build());
            avro.send(Topics.ORDERS.name(), neighbour, OrderEvent.newBuilder().setMetadata(meta("other", 1, null))
                    .setOrderCode(neighbour).setPayload(SampleContractsAccess.orderReceived()).build());
            avro.send(Topics.ORDER_COMMANDS.name(), ORDER, OrderCommand.newBuilder().setMetadata(meta(accept, 1, received))
                    .setCommandId("cmd-accept").setOrderCode(ORDER).setPayload(new AcceptOrder()).build());
            avro.send(Topics.ORDER_RESULTS.name(), ORDER, OrderCommandResult.newBuilder()
                    .setMetadata(meta(accepted, 2, accept)).setCommandId("cmd-accept").setOrderCode(ORDER)
                    .setPayload(OrderAccepted.newBuilder().setOrderId("MTAz").build()).build());
            Stop stop = Stop.newBuilder().setAddress("Алматы, Абая 10").setContactName("Айгерим")
                    .setContactPhone("+77011234567").build();
            avro.send(Topics.DELIVERY_COMMANDS.name(), ORDER, DeliveryCommand.newBuilder().setMetadata(meta(book, 3, accepted))
                    .setCommandId("cmd-book").setOrderCode(ORDER).setPayload(BookDelivery.newBuilder().setPickup(stop)
                            .setDropoff(stop).setParcel(Parcel.newBuilder().setDescription("Phone").setWeightGrams(500)
                                    .setValueKzt(450_000).build()).build()).build());
            avro.send(Topics.DELIVERY_STATUS_REPORTS.name(), ORDER, DeliveryStatusReported.newBuilder()
                    .setMetadata(meta(reported, 6, null)).setOrderCode(ORDER).setWebhookEventId("wh_1")
                    .setWebhookType("delivery.in_transit").setAttempt(1).setDeliveryId("dlv_7")
                    .setStatus(DeliveryStatus.IN_TRANSIT).setStatusAt(T0.plusSeconds(6)).build());
            avro.send(Topics.DELIVERY_STATUS_REPORTS.name(), neighbour, DeliveryStatusReported.newBuilder()
                    .setMetadata(meta("other-2", 6, null)).setOrderCode(neighbour).setWebhookEventId("wh_2")
                    .setWebhookType("delivery.in_transit").setAttempt(1).setDeliveryId("dlv_8")
                    .setStatus(DeliveryStatus.IN_TRANSIT).setStatusAt(T0.plusSeconds(6)).build());

            // A dead letter as the error handler leaves it: the original bytes and the kafka_dlt-* headers.
            byte[] cancelBytes = serialize(Topics.ORDER_COMMANDS.name(), OrderCommand.newBuilder()
                    .setMetadata(meta(cancel, 8, null)).setCommandId("cmd-cancel").setOrderCode(ORDER)
                    .setPayload(CancelOrder.newBuilder().setReason(CancellationReason.BUYER_NOT_REACHABLE)
                            .setComment("позвонить +7 701 123 45 67").build()).build());
            raw.send(deadLetter(Topics.ORDER_COMMANDS.deadLetter().name(), ORDER, cancelBytes, T0.plusSeconds(8),
                    "Kaspi unavailable after 4 retries, buyer +7 701 123 45 67"));
            // A poison record: undecodable, but its place in the timeline still shows.
            raw.send(deadLetter(Topics.ORDERS.deadLetter().name(), ORDER, "not avro".getBytes(StandardCharsets.UTF_8),
                    T0.plusSeconds(9), "failed to deserialize"));
        }
        Map<String, Object> text = kafka.producerProperties();
        text.put("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class);
        try (RecordWriter<String> internal = new RecordWriter<>(text)) {
            internal.send(new ProducerRecord<>(Topics.DELIVERY_GATEWAY_REQUESTS, null, T0.plusMillis(3_500).toEpochMilli(),
                    ORDER, "{\"type\":\"BOOK\",\"orderCode\":\"" + ORDER + "\",\"commandId\":\"cmd-book\","
                            + "\"contactPhone\":\"+77011234567\",\"address\":\"Алматы, Абая 10\"}"));
        }
    }

    @Test
    void printsEveryRecordOfTheOrderInTimeOrderAndNothingPersonal() {
        Run run = run("trace", ORDER);

        assertThat(run.code()).isEqualTo(KaspiOps.OK);
        List<String> rows = run.out().lines().toList();
        assertThat(rows.get(0)).startsWith("TIME").contains("TOPIC", "EVENT", "EVENT ID", "CAUSATION", "CORRELATION");
        assertThat(rows.subList(1, rows.size() - 1)).extracting(row -> row.split("\\s+")[2]).containsExactly(
                "OrderReceived", "AcceptOrder", "OrderAccepted", "BookDelivery", "internal:BOOK", "DeliveryBooked",
                "DeliveryStatusReported", "DeliveryStatusChanged", "CancelOrder", "undecodable");
        assertThat(run.out())
                .contains("kaspi.orders", "kaspi.order-commands-dlt", "delivery-gateway.requests")
                .contains("status=APPROVED_BY_BANK state=KASPI_DELIVERY", "status=IN_TRANSIT",
                        "previousStatus=CREATED status=IN_TRANSIT", "reason=BUYER_NOT_REACHABLE",
                        "error=\"Kaspi unavailable after 4 retries, buyer ***\"", "internal:BOOK", "commandId=cmd-book")
                .contains("e2-accep  e1-recei")
                .endsWith("10 records of order " + ORDER + " on " + expectedTopics() + " topics\n")
                .doesNotContain(neighbour, "Айгерим", "Касымова", "7750000000", "+77011234567", "Абая",
                        "secret-token", "позвонить", "701 123");
    }

    @Test
    void printsOneJsonObjectPerRecordWithFullIds() {
        Run run = run("trace", ORDER, "--json");

        assertThat(run.code()).isEqualTo(KaspiOps.OK);
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(10);
        assertThat(lines.get(1)).contains("\"event\":\"AcceptOrder\"", "\"eventId\":\"e2-accept\"",
                "\"causationId\":\"e1-received\"", "\"correlationId\":\"flow-" + ORDER + "\"");
        assertThat(lines.get(8)).contains("\"deadLetter\":true", "\"error\":\"Kaspi unavailable");
    }

    @Test
    void anOrderWithNoRecordExitsOneAndSaysSo() {
        Run run = run("trace", "NO-SUCH-ORDER");

        assertThat(run.code()).isEqualTo(KaspiOps.NOT_DONE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("no record of order NO-SUCH-ORDER");
    }

    private static int expectedTopics() {
        return Topics.orderKeyed().size() + 2 * Topics.orderKeyedInternal().size();
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new KaspiOps(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "SCHEMA_REGISTRY_URL", kafka.registryUrl()), Clock.fixed(T0, ZoneOffset.UTC),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of(args));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static EventMetadata meta(String eventId, int second, String causation) {
        return EventMetadata.newBuilder().setEventId(eventId).setOccurredAt(T0.plusSeconds(second))
                .setMerchantId(MERCHANT).setCorrelationId("flow-" + ORDER).setCausationId(causation).build();
    }

    private static byte[] serialize(String topic, Object value) {
        try (AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>()) {
            serializer.configure(kafka.producerProperties(), false);
            return serializer.serialize(topic, value);
        }
    }

    private static ProducerRecord<String, Object> deadLetter(String topic, String key, byte[] value, Instant at,
            String error) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("kafka_dlt-original-topic", topic.replace(Topic.DEAD_LETTER_SUFFIX, "").getBytes(StandardCharsets.UTF_8));
        headers.add(OrderTrace.DLT_EXCEPTION_HEADER, error.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, at.toEpochMilli(), key, value, headers);
    }

    private static int partitionsOf(String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String neighbourOf(String key, int partitions) {
        int target = OrderTrace.partitionOf(key, partitions);
        for (int i = 0; ; i++) {
            String candidate = "NEIGHBOUR-" + i;
            if (OrderTrace.partitionOf(candidate, partitions) == target) {
                return candidate;
            }
        }
    }
}
