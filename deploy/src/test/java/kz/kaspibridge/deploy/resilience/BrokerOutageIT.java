package kz.kaspibridge.deploy.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import kz.kaspibridge.schemas.delivery.DeliveryStatusReported;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.RunningService;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import kz.kaspibridge.webhookingress.WebhookIngressApplication;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's broker restart during webhook load: signed webhooks are posted at webhook-ingress without pause while
 * its broker is stopped and started again on the same data. Every eventId answered 2xx is on
 * {@code kaspi.delivery-status-reports} exactly once; every answer given while the broker was down is 503, never
 * 2xx; and once Kaspi retries what was refused (as it does for 24 h), every eventId is there exactly once.
 */
class BrokerOutageIT {

    private static final String PATH = "/webhooks/kaspi/delivery";
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "resilience-outage-secret-0123456789".getBytes(StandardCharsets.UTF_8));
    private static final int SENDERS = 2;
    /** Webhooks stored before the stop; answers while the broker is down, and after it is back. */
    private static final int BEFORE = 60;
    private static final int DURING = 10;
    private static final int AFTER = 60;
    private static final Duration WAIT = Duration.ofSeconds(120);

    private record Answer(String eventId, int status, Phase phase) {
    }

    private enum Phase { BEFORE, STOPPING, DOWN, RESTARTING, AFTER }

    @Test
    void everyWebhookAnswered2xxIsStoredOnceAndTheOutageIsAnswered503() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start()) {
            TestTopics.create(broker.bootstrapServers(),
                    Topics.all().stream().map(topic -> topic.toNewTopic((short) 1)).toList());
            KafkaClientConfig kafka = new KafkaClientConfig(broker.bootstrapServers(), TestStack.registryUrl(), true);
            ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
            AtomicBoolean sending = new AtomicBoolean(true);
            AtomicInteger sequence = new AtomicInteger();
            AtomicReference<Phase> phase = new AtomicReference<>(Phase.BEFORE);
            String run = String.format("%05d", System.nanoTime() % 100_000);
            ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            try (RunningService ingress = RunningService.start(WebhookIngressApplication.class, Map.of(
                    "kaspi.kafka.bootstrap-servers", broker.bootstrapServers(),
                    "webhook-ingress.merchants[0].merchant-id", "merchant-1",
                    "webhook-ingress.merchants[0].path", PATH,
                    "webhook-ingress.merchants[0].secrets", SECRET))) {
                WebhookPoster poster = new WebhookPoster("http://127.0.0.1:" + ingress.port() + PATH, SECRET);
                // Until its dedup store has loaded the ingress answers 503 by design: the load starts once it is ready.
                await("ingress ready").atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> poster.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress.port()
                                + "/actuator/health/readiness")).build()) == 200);
                for (int s = 0; s < SENDERS; s++) {
                    senders.submit(() -> {
                        while (sending.get()) {
                            int n = sequence.incrementAndGet();
                            String eventId = "outage-" + run + "-" + n;
                            Phase sentIn = phase.get();
                            int status = poster.post(eventId, WebhookPoster.body(eventId, "out" + run + (n % 12),
                                    "D" + run + (n % 12), "in_transit"));
                            // Counted in a phase only if sent and answered in it: a request at a boundary may go
                            // either way, and only "2xx means stored" holds for it.
                            answers.add(new Answer(eventId, status, sentIn == phase.get() ? sentIn : Phase.STOPPING));
                        }
                    });
                }
                await(BEFORE + " webhooks stored before the stop").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                        .until(() -> answers.stream().filter(a -> a.phase() == Phase.BEFORE && is2xx(a.status()))
                                .count() >= BEFORE);
                phase.set(Phase.STOPPING);
                long stopping = System.nanoTime();
                broker.stop();
                phase.set(Phase.DOWN);
                awaitAnswers(answers, Phase.DOWN, DURING);
                phase.set(Phase.RESTARTING);
                long down = System.nanoTime() - stopping;
                broker.startAgain();
                phase.set(Phase.AFTER);
                awaitAnswers(answers, Phase.AFTER, AFTER);
                sending.set(false);
                senders.shutdown();
                assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

                // Kaspi retries whatever was not answered 2xx; the ingress stores each such event now, once.
                List<String> refused = answers.stream().filter(a -> !is2xx(a.status())).map(Answer::eventId).toList();
                List<String> retriesRefused = new ArrayList<>();
                for (String eventId : refused) {
                    int n = Integer.parseInt(eventId.substring(eventId.lastIndexOf('-') + 1));
                    int status = poster.post(eventId, WebhookPoster.body(eventId, "out" + run + (n % 12),
                            "D" + run + (n % 12), "in_transit"));
                    if (!is2xx(status)) {
                        retriesRefused.add(eventId + " -> " + status);
                    }
                }

                Set<String> answered2xx = answers.stream().filter(a -> is2xx(a.status())).map(Answer::eventId)
                        .collect(Collectors.toSet());
                Map<String, Long> stored = storedOnce(kafka, run, answers.size());
                Map<Phase, Map<Integer, Long>> byPhase = answers.stream().collect(Collectors.groupingBy(Answer::phase,
                        TreeMap::new, Collectors.groupingBy(Answer::status, TreeMap::new, Collectors.counting())));
                new Summary("Broker restart during webhook load: " + answers.size() + " webhooks, broker down "
                        + Math.round(down / 1e9) + " s")
                        .add("answers by phase (status: count)", byPhase)
                        .add("answered 2xx", answered2xx.size())
                        .add("refused, retried after the restart", refused.size() + " (refused again: "
                                + retriesRefused.size() + ")")
                        .add("eventIds on " + Topics.DELIVERY_STATUS_REPORTS.name(), stored.size())
                        .add("eventIds stored more than once", stored.values().stream().filter(c -> c > 1).count())
                        .print();

                assertThat(byPhase.get(Phase.BEFORE)).as("answers before the stop").containsOnlyKeys(200);
                assertThat(byPhase.get(Phase.DOWN)).as("answers while the broker was down").containsOnlyKeys(503);
                assertThat(retriesRefused).as("retries refused after the broker was back").isEmpty();
                assertThat(stored.keySet()).as("stored eventIds").containsAll(answered2xx)
                        .hasSize(answers.size());
                assertThat(stored).as("records per eventId").allSatisfy((eventId, count) ->
                        assertThat(count).as(eventId).isEqualTo(1));
            } finally {
                sending.set(false);
                senders.shutdownNow();
            }
        }
    }

    private static void awaitAnswers(ConcurrentLinkedQueue<Answer> answers, Phase phase, int count) {
        await(count + " answers " + phase).atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> answers.stream().filter(a -> a.phase() == phase).count() >= count);
    }

    /** eventId → records of it on the reports topic, once all {@code expected} eventIds are there. */
    private static Map<String, Long> storedOnce(KafkaClientConfig kafka, String run, int expected) {
        try (RecordReader<DeliveryStatusReported> reports = RecordReader.fromBeginning(
                Topics.DELIVERY_STATUS_REPORTS.name(), kafka.assignedReaderProperties("outage-reports-" + run))) {
            await("every eventId stored").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> perEvent(reports.records(), run).size() >= expected);
            // A duplicate would sit beside its original: read on until the count holds.
            AtomicInteger records = new AtomicInteger(-1);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> records.getAndSet(reports.records().size()) == records.get());
            return perEvent(reports.records(), run);
        }
    }

    private static Map<String, Long> perEvent(List<ConsumerRecord<String, DeliveryStatusReported>> records,
                                              String run) {
        return records.stream().map(r -> String.valueOf(r.value().getWebhookEventId()))
                .filter(id -> id.startsWith("outage-" + run + "-"))
                .collect(Collectors.groupingBy(id -> id, TreeMap::new, Collectors.counting()));
    }

    private static boolean is2xx(int status) {
        return status >= 200 && status < 300;
    }
}
