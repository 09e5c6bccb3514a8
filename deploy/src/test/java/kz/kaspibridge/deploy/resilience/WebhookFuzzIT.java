package kz.kaspibridge.deploy.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import kz.kaspibridge.schemas.delivery.DeliveryStatusReported;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.schemas.webhooks.WebhookReceived;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.RunningService;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import kz.kaspibridge.webhookingress.WebhookIngressApplication;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's fuzz of webhook-ingress: a few valid webhooks first, then many bad ones (malformed JSON, schema
 * violations, oversized bodies, bad or missing signatures, stale timestamps, wrong content types) and replays of
 * the accepted ones. Every bad one is answered 4xx, every replay 2xx (by design: a repeated eventId is
 * acknowledged so that Kaspi stops retrying), nothing is answered 5xx or left unanswered, and neither
 * {@code kaspi.delivery-status-reports} nor {@code kaspi.webhooks-archive} gets a record beyond the valid ones.
 *
 * <p>By default 1,000 requests; the issue's 10,000 with {@code -Dresilience.fuzz=10000}. The generator is seeded,
 * so a failure names its case and repeats.
 */
class WebhookFuzzIT {

    private static final int REQUESTS = Integer.getInteger("resilience.fuzz", 1000);
    private static final int VALID = 20;
    private static final String PATH = "/webhooks/kaspi/delivery";
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "resilience-fuzz-secret-0123456789".getBytes(StandardCharsets.UTF_8));
    private static final int MAX_BODY = 64 * 1024;

    enum Case { MALFORMED_JSON, SCHEMA_VIOLATION, OVERSIZED, BAD_SIGNATURE, UNSIGNED, STALE_TIMESTAMP,
        FUTURE_TIMESTAMP, WRONG_CONTENT_TYPE, REPLAY }

    @Test
    void badWebhooksGetOnly4xxAndNoRecord() {
        TestTopics.create(TestStack.bootstrapServers(),
                Topics.all().stream().map(topic -> topic.toNewTopic((short) 1)).toList());
        KafkaClientConfig kafka = new KafkaClientConfig(TestStack.bootstrapServers(), TestStack.registryUrl(), true);
        String run = String.format("%05d", System.nanoTime() % 100_000);
        // One order code for every webhook of the run: its records share a partition, so the sentinel sent last
        // is read after anything the fuzz could have written.
        String orderCode = "fuzz" + run;
        try (RunningService ingress = RunningService.start(WebhookIngressApplication.class, Map.of(
                "webhook-ingress.merchants[0].merchant-id", "merchant-1",
                "webhook-ingress.merchants[0].path", PATH,
                "webhook-ingress.merchants[0].secrets", SECRET,
                // The limit per source is not under test: one client sends everything here.
                "webhook-ingress.rate-limit.requests-per-second", "100000",
                "webhook-ingress.rate-limit.burst", "100000"));
             RecordReader<DeliveryStatusReported> reports = RecordReader.fromBeginning(
                     Topics.DELIVERY_STATUS_REPORTS.name(), kafka.assignedReaderProperties("fuzz-reports-" + run));
             RecordReader<WebhookReceived> archive = RecordReader.fromBeginning(Topics.WEBHOOKS_ARCHIVE.name(),
                     kafka.assignedReaderProperties("fuzz-archive-" + run))) {
            WebhookPoster poster = new WebhookPoster("http://127.0.0.1:" + ingress.port() + PATH, SECRET);
            List<String> accepted = new ArrayList<>();
            for (int i = 0; i < VALID; i++) {
                String eventId = "evt-" + run + "-" + i;
                assertThat(poster.post(eventId, WebhookPoster.body(eventId, orderCode, "D" + run, "in_transit")))
                        .as("valid webhook %s", eventId).isEqualTo(200);
                accepted.add(eventId);
            }

            Random random = new Random(14);
            Map<Case, Integer> sent = new TreeMap<>();
            Map<String, Integer> answers = new TreeMap<>();
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                Case fuzz = Case.values()[random.nextInt(Case.values().length)];
                String eventId = fuzz == Case.REPLAY ? accepted.get(random.nextInt(VALID)) : "fuzz-" + run + "-" + i;
                int status = send(poster, fuzz, eventId, orderCode, run, random);
                sent.merge(fuzz, 1, Integer::sum);
                answers.merge(status / 100 + "xx", 1, Integer::sum);
                boolean right = fuzz == Case.REPLAY ? status == 200 : status >= 400 && status < 500;
                if (!right && wrong.size() < 20) {
                    wrong.add("#" + i + " " + fuzz + " -> " + status);
                }
            }

            String sentinel = "evt-" + run + "-sentinel";
            assertThat(poster.post(sentinel, WebhookPoster.body(sentinel, orderCode, "D" + run, "delivered")))
                    .isEqualTo(200);
            reports.await(r -> sentinel.equals(eventIdOf(r)), Duration.ofSeconds(30));
            archive.await(r -> sentinel.equals(String.valueOf(r.value().getWebhookId())), Duration.ofSeconds(30));
            // The archive is keyed by webhook-id, over every partition: read until its count of this run holds.
            AtomicLong archivedSoFar = new AtomicLong(-1);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> archivedSoFar.getAndSet(archived(archive, run)) == archivedSoFar.get());
            long archived = archivedSoFar.get();
            Map<String, Long> reportsPerEvent = perEvent(reports.records(), orderCode);

            new Summary("Webhook fuzz: " + REQUESTS + " requests after " + VALID + " valid webhooks")
                    .add("requests by case", sent)
                    .add("answers", answers)
                    .add("wrong answers (first 20)", wrong)
                    .add("records on " + Topics.DELIVERY_STATUS_REPORTS.name(), reportsPerEvent.values().stream()
                            .mapToLong(Long::longValue).sum() + " (valid + sentinel: " + (VALID + 1) + ")")
                    .add("records on " + Topics.WEBHOOKS_ARCHIVE.name(), archived + " (valid + sentinel: "
                            + (VALID + 1) + ")")
                    .print();
            assertThat(wrong).as("answers other than 4xx (2xx for a replay)").isEmpty();
            assertThat(reportsPerEvent).as("reports per eventId").hasSize(VALID + 1)
                    .allSatisfy((eventId, count) -> assertThat(count).as(eventId).isEqualTo(1));
            assertThat(archived).as("archived requests").isEqualTo(VALID + 1);
        }
    }

    private static int send(WebhookPoster poster, Case fuzz, String eventId, String orderCode, String run,
                            Random random) {
        long now = Instant.now().getEpochSecond();
        byte[] good = WebhookPoster.body(eventId, orderCode, "D" + run, "delivered").getBytes(StandardCharsets.UTF_8);
        return switch (fuzz) {
            case MALFORMED_JSON -> poster.post(eventId, malformed(good, random), now, "application/json", true);
            case SCHEMA_VIOLATION -> poster.post(eventId, violation(eventId, orderCode, run, random), now,
                    "application/json", true);
            case OVERSIZED -> poster.post(eventId, oversized(eventId, orderCode, run, random), now,
                    "application/json", true);
            // Signed for another body (in_transit, not delivered), another id, or another time than it is sent with.
            case BAD_SIGNATURE -> switch (random.nextInt(3)) {
                case 0 -> poster.post(eventId, good, now, "application/json", poster.signature(eventId, now,
                        WebhookPoster.body(eventId, orderCode, "D" + run, "in_transit")
                                .getBytes(StandardCharsets.UTF_8)));
                case 1 -> poster.post(eventId, good, now, "application/json",
                        poster.signature(eventId + "x", now, good));
                default -> poster.post(eventId, good, now, "application/json",
                        poster.signature(eventId, now - 1, good));
            };
            case UNSIGNED -> poster.post(eventId, good, now, "application/json", false);
            case STALE_TIMESTAMP -> poster.post(eventId, good, now - 301 - random.nextInt(86_400), "application/json",
                    true);
            case FUTURE_TIMESTAMP -> poster.post(eventId, good, now + 301 + random.nextInt(86_400),
                    "application/json", true);
            case WRONG_CONTENT_TYPE -> poster.post(eventId, ("eventId=" + eventId + "&status=delivered")
                    .getBytes(StandardCharsets.UTF_8), now, "application/x-www-form-urlencoded", true);
            case REPLAY -> poster.post(eventId, WebhookPoster.body(eventId, orderCode, "D" + run, "in_transit"));
        };
    }

    /** Truncated, bytes flipped, trailing garbage, duplicate keys, or not JSON at all. */
    private static byte[] malformed(byte[] good, Random random) {
        String body = new String(good, StandardCharsets.UTF_8);
        return (switch (random.nextInt(5)) {
            case 0 -> body.substring(0, 1 + random.nextInt(body.length() - 1));
            case 1 -> body + "}";
            case 2 -> body.replaceFirst("\"attempt\":1", "\"attempt\":1,\"attempt\":2");
            case 3 -> body.replace('"', '\'');
            default -> {
                byte[] bytes = new byte[1 + random.nextInt(512)];
                random.nextBytes(bytes);
                yield new String(bytes, StandardCharsets.ISO_8859_1);
            }
        }).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Well-formed JSON that breaks the schema: a wrong type, an unknown status, an odd id, a missing field. */
    private static byte[] violation(String eventId, String orderCode, String run, Random random) {
        String body = WebhookPoster.body(eventId, orderCode, "D" + run, "delivered");
        return (switch (random.nextInt(7)) {
            case 0 -> body.replace("\"attempt\":1", "\"attempt\":\"1\"");
            case 1 -> body.replace("\"attempt\":1", "\"attempt\":0");
            case 2 -> body.replace("\"status\":\"delivered\"", "\"status\":\"teleported\"");
            case 3 -> body.replace("\"eventId\":\"" + eventId + "\"", "\"eventId\":\"../../" + eventId + "\"");
            case 4 -> body.replace("\"externalOrderId\":\"" + orderCode + "\",", "");
            case 5 -> body.replaceFirst("\"timestamp\":\"[^\"]*\"", "\"timestamp\":\"yesterday\"");
            default -> "[" + body + "]";
        }).getBytes(StandardCharsets.UTF_8);
    }

    /** A valid body padded past the limit with an extra field (extra fields are tolerated when small). */
    private static byte[] oversized(String eventId, String orderCode, String run, Random random) {
        String body = WebhookPoster.body(eventId, orderCode, "D" + run, "delivered");
        String padding = "x".repeat(MAX_BODY + 1 + random.nextInt(4 * MAX_BODY));
        return (body.substring(0, body.length() - 1) + ",\"padding\":\"" + padding + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static long archived(RecordReader<WebhookReceived> archive, String run) {
        return archive.records().stream().map(r -> String.valueOf(r.value().getWebhookId()))
                .filter(id -> id.startsWith("evt-" + run) || id.startsWith("fuzz-" + run)).count();
    }

    private static String eventIdOf(ConsumerRecord<String, DeliveryStatusReported> record) {
        return String.valueOf(record.value().getWebhookEventId());
    }

    private static Map<String, Long> perEvent(List<ConsumerRecord<String, DeliveryStatusReported>> records,
                                              String orderCode) {
        return records.stream().filter(r -> orderCode.equals(r.key()))
                .collect(Collectors.groupingBy(WebhookFuzzIT::eventIdOf, TreeMap::new, Collectors.counting()));
    }
}
