package kz.kaspibridge.webhookingress.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import kz.kaspibridge.schemas.delivery.DeliveryStatusReported;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.BenchmarkFigures;
import kz.kaspibridge.testsupport.FigureSheet;
import kz.kaspibridge.testsupport.FigureSheet.Figure;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.webhookingress.IngressApp;
import kz.kaspibridge.webhookingress.SignedWebhooks;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sustained req/s of signed 1 KB webhooks through the whole ingress (verify, parse, dedup, report
 * and archive in one acks=all round trip, both read back by the dedup store) against a bare
 * Reactor Netty endpoint answering 200, same JVM,
 * same load generator, same run; then checks that every 200 is on the topic (zero loss).
 * Run it with the command in docs/benchmarks.md ({@code -Pbenchmark}); its tag keeps it out of the test run.
 */
@Tag("benchmark")
class WebhookIngressBenchmarkIT {

    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warmup.seconds", 8));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 20));
    private static final List<Integer> CONCURRENCY = Arrays.stream(System.getProperty("bench.concurrency", "32,64,128")
            .split(",")).map(String::trim).map(Integer::valueOf).toList();

    record Run(String target, int concurrency, long requests, long ok, double perSecond, double p50, double p99) {
        @Override
        public String toString() {
            return String.format("%-8s concurrency=%3d requests=%7d ok=%7d req/s=%8.0f p50=%6.2fms p99=%6.2fms",
                    target, concurrency, requests, ok, perSecond, p50, p99);
        }
    }

    /** The figures docs/benchmarks.md shows, gathered by ./benchmarks. */
    private final FigureSheet sheet = FigureSheet.start("webhook-ingress");

    @Test
    void signedWebhooksPerSecondAgainstABareNettyEndpoint() {
        DisposableServer bare = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.post("/bare", (req, res) -> req.receive().then().then(res.status(200).send())))
                .bindNow();
        Set<String> answered200 = ConcurrentHashMap.newKeySet();
        try (IngressApp ingress = IngressApp.start(Map.of("logging.level.kz.kaspibridge", "WARN",
                "logging.level.org.apache.kafka", "WARN"))) {
            String bareUrl = "http://127.0.0.1:" + bare.port() + "/bare";
            String ingressUrl = ingress.baseUrl() + IngressApp.DEMO_PATH;
            StringBuilder report = new StringBuilder();
            double bestRatio = 0;
            for (int concurrency : CONCURRENCY) {
                Run bareRun = load("bare", bareUrl, concurrency, null);
                Run ingressRun = load("ingress", ingressUrl, concurrency, answered200);
                bestRatio = Math.max(bestRatio, add(ingressRun, bareRun));
                report.append(bareRun).append('\n').append(ingressRun).append('\n')
                        .append(String.format("ratio ingress/bare = %.2f%n", ingressRun.perSecond() / bareRun.perSecond()))
                        .append(BenchmarkFigures.memory("broker and ingress")).append('\n');
            }
            System.out.println("\n=== webhook-ingress benchmark (" + Runtime.getRuntime().availableProcessors()
                    + " cores, measure " + MEASURE.toSeconds() + " s per run) ===\n" + report);
            verifyZeroLoss(answered200);
            sheet.add(Figure.info("best ratio ingress / bare endpoint", bestRatio, "").target("≥ 0.3", bestRatio >= 0.3));
            sheet.note("zero loss: all " + answered200.size() + " eventIds answered 200 were on the reports topic");
            sheet.note("one JVM: broker, ingress, bare endpoint and load generator; "
                    + BenchmarkFigures.memory("broker and ingress"));
            sheet.write();
        } finally {
            bare.disposeNow();
        }
    }

    /**
     * The run's figures on the sheet; returns the ratio to the bare endpoint. The targets (≥ 5,000 req/s with p99
     * < 50 ms) are judged at the highest concurrency, where the ingress is meant to reach them.
     */
    private double add(Run ingress, Run bare) {
        double ratio = ingress.perSecond() / bare.perSecond();
        boolean judged = ingress.concurrency() == CONCURRENCY.get(CONCURRENCY.size() - 1);
        Figure rate = Figure.info("signed webhooks/s at " + ingress.concurrency() + " in flight", ingress.perSecond(),
                "req/s").against("bare Netty endpoint", bare.perSecond(), ratio);
        Figure p99 = Figure.info("webhook p99 at " + ingress.concurrency() + " in flight", ingress.p99(), "ms")
                .against("bare Netty endpoint", bare.p99(), ingress.p99() / bare.p99());
        sheet.add(judged ? rate.target("≥ 5,000 req/s", ingress.perSecond() >= 5_000) : rate);
        sheet.add(judged ? p99.target("< 50 ms", ingress.p99() < 50) : p99);
        return ratio;
    }

    private Run load(String target, String url, int concurrency, Set<String> answered200) {
        ConnectionProvider pool = ConnectionProvider.builder("bench-" + target).maxConnections(concurrency)
                .pendingAcquireMaxCount(-1).build();
        HttpClient http = HttpClient.create(pool).responseTimeout(Duration.ofSeconds(10));
        try {
            drive(http, url, concurrency, WARM_UP, null, answered200);
            long[] latencies = new long[(int) Math.min(Integer.MAX_VALUE - 8, MEASURE.toSeconds() * 60_000L)];
            AtomicInteger recorded = new AtomicInteger();
            long started = System.nanoTime();
            long[] counts = drive(http, url, concurrency, MEASURE, (nanos) -> {
                int i = recorded.getAndIncrement();
                if (i < latencies.length) {
                    latencies[i] = nanos;
                }
            }, answered200);
            double seconds = (System.nanoTime() - started) / 1e9;
            long[] sorted = Arrays.copyOf(latencies, Math.min(recorded.get(), latencies.length));
            Arrays.sort(sorted);
            return new Run(target, concurrency, counts[0], counts[1], counts[1] / seconds,
                    percentile(sorted, 0.50), percentile(sorted, 0.99));
        } finally {
            pool.dispose();
        }
    }

    /** Keeps {@code concurrency} requests in flight for {@code duration}; returns {sent, 2xx}. */
    private long[] drive(HttpClient http, String url, int concurrency, Duration duration,
            java.util.function.LongConsumer latency, Set<String> answered200) {
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong sent = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        Flux.range(0, concurrency).flatMap(worker -> Mono.defer(() -> {
            String eventId = SignedWebhooks.uniqueEventId();
            String body = SignedWebhooks.bodyOfSize(eventId, "bench-" + (eventId.hashCode() & 1023), 1024);
            var headers = SignedWebhooks.sign(SignedWebhooks.NEW_SECRET, eventId, Instant.now(), body);
            long start = System.nanoTime();
            sent.incrementAndGet();
            return http.headers(h -> h.set("webhook-id", headers.id()).set("webhook-timestamp", headers.timestamp())
                            .set("webhook-signature", headers.signature()).set("content-type", "application/json"))
                    .post().uri(url).send(Mono.just(Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8))))
                    .responseSingle((res, content) -> content.then(Mono.just(res.status().code())))
                    .doOnNext(code -> {
                        if (latency != null) {
                            latency.accept(System.nanoTime() - start);
                        }
                        if (code == 200) {
                            ok.incrementAndGet();
                            if (answered200 != null) {
                                answered200.add(eventId);
                            }
                        }
                    });
        }).repeat(() -> System.nanoTime() < deadline), concurrency).blockLast(duration.plusSeconds(60));
        return new long[] {sent.get(), ok.get()};
    }

    private static void verifyZeroLoss(Set<String> answered200) {
        try (RecordReader<DeliveryStatusReported> reports = RecordReader.fromBeginning(
                Topics.DELIVERY_STATUS_REPORTS.name(), IngressApp.client().consumerProperties("bench-verify"))) {
            Set<String> onTopic = new HashSet<>();
            // awaitCount keeps everything seen; the topic also holds other runs' records, hence >=.
            reports.awaitCount(answered200.size(), Duration.ofMinutes(3));
            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
                onTopic.clear();
                reports.records().forEach(r -> onTopic.add(r.value().getWebhookEventId()));
                return onTopic.containsAll(answered200);
            });
            System.out.printf("zero-loss check: %d eventIds answered 200, all %d found on %s%n", answered200.size(),
                    answered200.size(), Topics.DELIVERY_STATUS_REPORTS.name());
            // A set difference: AssertJ's containsAll on 200k elements is quadratic.
            Set<String> missing = new HashSet<>(answered200);
            missing.removeAll(onTopic);
            assertThat(missing).as("eventIds answered 200 but not on the topic").isEmpty();
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
