package kz.kaspibridge.webhookingress;

import static kz.kaspibridge.webhookingress.IngressApp.DEMO_PATH;
import static kz.kaspibridge.webhookingress.IngressApp.OTHER_PATH;
import static kz.kaspibridge.webhookingress.SignedWebhooks.NEW_SECRET;
import static kz.kaspibridge.webhookingress.SignedWebhooks.OLD_SECRET;
import static kz.kaspibridge.webhookingress.SignedWebhooks.OTHER_MERCHANT_SECRET;
import static kz.kaspibridge.webhookingress.SignedWebhooks.body;
import static kz.kaspibridge.webhookingress.SignedWebhooks.sign;
import static kz.kaspibridge.webhookingress.SignedWebhooks.uniqueEventId;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import kz.kaspibridge.schemas.common.DeliveryStatus;
import kz.kaspibridge.schemas.delivery.DeliveryStatusReported;
import kz.kaspibridge.schemas.serde.PartitionReader;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.schemas.webhooks.WebhookReceived;
import kz.kaspibridge.testsupport.RecordReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Every answer of the endpoint, against a real broker and registry, over real HTTP. */
class WebhookIngressIT {

    private static IngressApp app;
    private static WebhookClient client;
    private static RecordReader<DeliveryStatusReported> reports;
    private static RecordReader<WebhookReceived> archive;

    @BeforeAll
    static void start() {
        app = IngressApp.start(Map.of());
        client = new WebhookClient(app.baseUrl());
        reports = RecordReader.fromBeginning(Topics.DELIVERY_STATUS_REPORTS.name(),
                IngressApp.client().consumerProperties("it-reports"));
        archive = RecordReader.fromBeginning(Topics.WEBHOOKS_ARCHIVE.name(),
                IngressApp.client().consumerProperties("it-archive"));
    }

    @AfterAll
    static void stop() {
        reports.close();
        archive.close();
        app.close();
    }

    @Test
    void aSignedDeliveryWebhookIsStoredAsReportAndRawArchiveBeforeThe200() {
        String eventId = uniqueEventId();
        String body = body(eventId, "order-2024-0191", "out_for_delivery");
        var headers = sign(NEW_SECRET, eventId, Instant.now(), body);

        var result = client.post(DEMO_PATH, headers, body);

        assertThat(result.getStatus().value()).isEqualTo(200);
        // Stored before the answer: the records are already readable.
        DeliveryStatusReported report = reportsOf(eventId).get(0).value();
        assertThat(reportsOf(eventId).get(0).key()).isEqualTo("order-2024-0191");
        assertThat(report.getStatus()).isEqualTo(DeliveryStatus.OUT_FOR_DELIVERY);
        assertThat(report.getDeliveryId()).isEqualTo("dlv_01hfz18tnb7tqw");
        assertThat(report.getStatusAt()).isEqualTo(Instant.parse("2024-06-12T11:05:22Z"));
        assertThat(report.getMetadata().getMerchantId()).isEqualTo("demo");
        assertThat(report.getMetadata().getCorrelationId()).isEqualTo(eventId);
        WebhookReceived raw = archive.await(r -> r.key().equals(eventId)).value();
        assertThat(bytes(raw.getBody())).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        assertThat(raw.getHeaders()).containsEntry("webhook-signature", headers.signature())
                .containsEntry("webhook-timestamp", headers.timestamp());
        assertThat(raw.getPath()).isEqualTo(DEMO_PATH);
    }

    @Test
    void bothSecretsWorkWhileRotatingAndAnyListedSignatureMayMatch() {
        String first = uniqueEventId();
        String second = uniqueEventId();
        String third = uniqueEventId();
        String oldBody = body(first, "A1", "accepted");
        String newBody = body(second, "A1", "in_transit");
        String bothBody = body(third, "A1", "delivered");
        var both = sign(NEW_SECRET, third, Instant.now(), bothBody);
        both = both.withSignature("v1,bm90LWEtcmVhbC1zaWduYXR1cmU= " + both.signature());

        assertThat(client.post(DEMO_PATH, sign(OLD_SECRET, first, Instant.now(), oldBody), oldBody).getStatus().value())
                .isEqualTo(200);
        assertThat(client.post(DEMO_PATH, sign(NEW_SECRET, second, Instant.now(), newBody), newBody).getStatus().value())
                .isEqualTo(200);
        assertThat(client.post(DEMO_PATH, both, bothBody).getStatus().value()).isEqualTo(200);
    }

    @Test
    void eachMerchantHasItsOwnPathAndSecret() {
        String eventId = uniqueEventId();
        String body = body(eventId, "B7", "created");

        var wrongSecret = client.post(OTHER_PATH, sign(NEW_SECRET, eventId, Instant.now(), body), body);
        var rightSecret = client.post(OTHER_PATH, sign(OTHER_MERCHANT_SECRET, eventId, Instant.now(), body), body);

        assertThat(wrongSecret.getStatus().value()).isEqualTo(401);
        assertThat(rightSecret.getStatus().value()).isEqualTo(200);
        assertThat(reportsOf(eventId).get(0).value().getMetadata().getMerchantId()).isEqualTo("other");
    }

    @Test
    void aBadOrMissingSignatureIs401WithAProblemBody() {
        String eventId = uniqueEventId();
        String body = body(eventId, "C1", "created");
        var tampered = sign(NEW_SECRET, eventId, Instant.now(), body);

        var badSignature = client.post(DEMO_PATH, tampered, body.replace("C1", "C2"));
        var missing = client.post(DEMO_PATH, null, body);

        assertProblem(badSignature, 401, "signature");
        assertProblem(missing, 401, "signature");
        assertThat(WebhookClient.text(badSignature)).doesNotContain("C1").doesNotContain("whsec_");
        assertThat(rejected("signature")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aReplayedRequestOutsideTheToleranceWindowIs401ForTheTimestamp() {
        String eventId = uniqueEventId();
        String body = body(eventId, "D1", "delivered");
        double before = rejected("timestamp");

        var stale = client.post(DEMO_PATH, sign(NEW_SECRET, eventId, Instant.now().minusSeconds(6 * 60), body), body);
        var future = client.post(DEMO_PATH, sign(NEW_SECRET, eventId, Instant.now().plusSeconds(6 * 60), body), body);
        var late = client.post(DEMO_PATH, sign(NEW_SECRET, eventId, Instant.now().minusSeconds(4 * 60), body), body);

        assertProblem(stale, 401, "timestamp");
        assertProblem(future, 401, "timestamp");
        assertThat(late.getStatus().value()).isEqualTo(200);
        assertThat(rejected("timestamp") - before).isEqualTo(2);
    }

    @Test
    void aBodyOverTheLimitIs413WhetherDeclaredOrStreamed() {
        String eventId = uniqueEventId();
        String big = SignedWebhooks.bodyOfSize(eventId, "E1", 70 * 1024);
        var headers = sign(NEW_SECRET, eventId, Instant.now(), big);

        var declared = client.post(DEMO_PATH, headers, big);
        Flux<DataBuffer> chunks = Flux.range(0, 70).map(i -> DefaultDataBufferFactory.sharedInstance
                .wrap(big.substring(i * 1024, Math.min(big.length(), (i + 1) * 1024)).getBytes(StandardCharsets.UTF_8)));
        var streamed = client.http().post().uri(DEMO_PATH).contentType(MediaType.APPLICATION_JSON)
                .header("webhook-id", headers.id()).header("webhook-timestamp", headers.timestamp())
                .header("webhook-signature", headers.signature())
                .body(chunks, DataBuffer.class).exchange().expectBody().returnResult();

        assertProblem(declared, 413, "size");
        assertProblem(streamed, 413, "size");
        String justUnder = SignedWebhooks.bodyOfSize(uniqueEventId(), "E1", 60 * 1024);
        assertThat(client.post(DEMO_PATH, sign(NEW_SECRET, "x-" + uniqueEventId(), Instant.now(), justUnder), justUnder)
                .getStatus().value()).isEqualTo(200);
    }

    @Test
    void malformedJsonAndSchemaViolationsAre400ProblemsNamingTheField() {
        List<String> bad = List.of("{not json", "[]", "{\"eventId\":\"e\"}",
                body(uniqueEventId(), "delivery.created", "F1", "teleported"),
                body(uniqueEventId(), "F1", "created").replace("\"attempt\":1", "\"attempt\":\"1\""),
                body(uniqueEventId(), "F1", "created").replace("2024-06-12T11:05:22Z", "yesterday"),
                "{\"eventId\":\"a\",\"eventId\":\"b\",\"type\":\"delivery.created\",\"attempt\":1}");
        for (String body : bad) {
            String id = uniqueEventId();
            var result = client.post(DEMO_PATH, sign(NEW_SECRET, id, Instant.now(), body), body);
            assertProblem(result, 400, "schema");
        }
        String body = body(uniqueEventId(), "delivery.created", "F1", "teleported");
        var result = client.post(DEMO_PATH, sign(NEW_SECRET, "x", Instant.now(), body), body);
        assertThat(WebhookClient.text(result)).contains("data.status");
    }

    @Test
    void anUnknownEventTypeIsArchivedWith202ButNotReported() {
        String eventId = uniqueEventId();
        String body = "{\"eventId\":\"" + eventId + "\",\"type\":\"delivery.rescheduled\",\"attempt\":1,\"data\":{}}";

        var result = client.post(DEMO_PATH, sign(NEW_SECRET, eventId, Instant.now(), body), body);

        assertThat(result.getStatus().value()).isEqualTo(202);
        assertThat(archive.await(r -> r.key().equals(eventId)).value().getPath()).isEqualTo(DEMO_PATH);
        assertThat(reports.records()).noneMatch(r -> r.value().getWebhookEventId().equals(eventId));
    }

    @Test
    void aDuplicateEventIdGets200AndProducesNothing() {
        String eventId = uniqueEventId();
        String body = body(eventId, "G1", "delivered");
        // Kaspi's retry: same event, a later attempt, a new timestamp and signature.
        String retry = body.replace("\"attempt\":1", "\"attempt\":2");
        double duplicatesBefore = counter("kaspi.webhook.duplicates");

        var first = client.post(DEMO_PATH, sign(NEW_SECRET, eventId, Instant.now(), body), body);
        var second = client.post(DEMO_PATH, sign(OLD_SECRET, eventId, Instant.now(), retry), retry);

        assertThat(first.getStatus().value()).isEqualTo(200);
        assertThat(second.getStatus().value()).isEqualTo(200);
        assertThat(WebhookClient.text(second)).contains("duplicate");
        assertThat(counter("kaspi.webhook.duplicates") - duplicatesBefore).isEqualTo(1);
        // Anything the duplicate had written would be acknowledged before its answer, so it is in
        // the topics now: read each up to its current end before counting.
        reports.awaitCount(recordsOn(Topics.DELIVERY_STATUS_REPORTS.name()), Duration.ofSeconds(30));
        assertThat(reportsOf(eventId)).hasSize(1);
        archive.awaitCount(recordsOn(Topics.WEBHOOKS_ARCHIVE.name()), Duration.ofSeconds(30));
        assertThat(archive.records().stream().filter(r -> r.key().equals(eventId))).hasSize(1);
    }

    @Test
    void aThousandConcurrentSignedRequestsEachLandExactlyOnce() {
        ConnectionProvider pool = ConnectionProvider.builder("it-burst").maxConnections(500)
                .pendingAcquireMaxCount(-1).build();
        HttpClient http = HttpClient.create(pool).baseUrl(app.baseUrl()).responseTimeout(Duration.ofSeconds(20));
        List<String> eventIds = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            eventIds.add(uniqueEventId());
        }
        // 100 of them are sent twice at once, as an impatient sender would.
        List<String> requests = new ArrayList<>(eventIds);
        requests.addAll(eventIds.subList(0, 100));
        Map<String, List<Integer>> statuses = new ConcurrentHashMap<>();

        Flux.fromIterable(requests).flatMap(eventId -> {
            String body = body(eventId, "order-" + (eventId.hashCode() & 63), "in_transit");
            var headers = sign(NEW_SECRET, eventId, Instant.now(), body);
            return http.headers(h -> h.set("webhook-id", headers.id()).set("webhook-timestamp", headers.timestamp())
                            .set("webhook-signature", headers.signature()).set("content-type", "application/json"))
                    .post().uri(DEMO_PATH).send(Mono.just(io.netty.buffer.Unpooled.wrappedBuffer(
                            body.getBytes(StandardCharsets.UTF_8))))
                    .responseSingle((response, content) -> content.then(Mono.just(response.status().code())))
                    .doOnNext(code -> statuses.computeIfAbsent(eventId, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                            .add(code));
        }, 1000).blockLast(Duration.ofSeconds(90));
        pool.dispose();

        assertThat(statuses.values().stream().flatMap(List::stream)).hasSize(1000).allMatch(code -> code == 200);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                reports.records().stream().map(r -> r.value().getWebhookEventId()).filter(statuses::containsKey)
                        .distinct().count() == 900);
        Map<String, Long> onTopic = reports.records().stream().map(r -> r.value().getWebhookEventId())
                .filter(statuses::containsKey).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(onTopic).hasSize(900).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
    }

    @Test
    void metricsAndReadinessAreExposed() {
        String body = body(uniqueEventId(), "H1", "created");
        client.post(DEMO_PATH, sign(NEW_SECRET, "m", Instant.now(), body), body);

        String prometheus = client.http().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(prometheus).contains("kaspi_webhook_received_total", "kaspi_webhook_verified_total",
                "kaspi_webhook_produced_total", "kaspi_webhook_latency_seconds_bucket", "kaspi_webhook_in_flight",
                "kaspi_webhook_rejected_total").doesNotContain("H1");
        client.http().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }

    /** How many records the topic holds now, every partition from its first offset to its end. */
    private static int recordsOn(String topic) {
        try (KafkaConsumer<String, String> offsets = new KafkaConsumer<>(
                IngressApp.client().plainTextReaderProperties("it-offsets"))) {
            List<TopicPartition> partitions = PartitionReader.partitionsOf(offsets, topic, Duration.ofSeconds(10));
            Map<TopicPartition, Long> first = offsets.beginningOffsets(partitions);
            return (int) offsets.endOffsets(partitions).entrySet().stream()
                    .mapToLong(end -> end.getValue() - first.get(end.getKey())).sum();
        }
    }

    private static List<ConsumerRecord<String, DeliveryStatusReported>> reportsOf(String eventId) {
        reports.await(r -> r.value().getWebhookEventId().equals(eventId));
        return reports.records().stream().filter(r -> r.value().getWebhookEventId().equals(eventId)).toList();
    }

    private static void assertProblem(EntityExchangeResult<byte[]> result, int status, String tag) {
        assertThat(result.getStatus().value()).isEqualTo(status);
        assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(WebhookClient.text(result)).contains("\"type\":\"urn:kaspi-bridge:webhook-ingress:" + tag + "\"")
                .contains("\"title\"").contains("\"detail\"");
    }

    private static double rejected(String reason) {
        return app.context().getBean(MeterRegistry.class).find("kaspi.webhook.rejected").tag("reason", reason)
                .counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static double counter(String name) {
        return app.context().getBean(MeterRegistry.class).find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
