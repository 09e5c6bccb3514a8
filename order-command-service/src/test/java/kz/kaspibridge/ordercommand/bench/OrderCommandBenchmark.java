package kz.kaspibridge.ordercommand.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import kz.kaspibridge.kaspiclient.ApiToken;
import kz.kaspibridge.kaspiclient.RateLimitSettings;
import kz.kaspibridge.kaspiclient.shop.KaspiShopClient;
import kz.kaspibridge.kaspiclient.shop.OrderCode;
import kz.kaspibridge.kaspiclient.shop.OrderId;
import kz.kaspibridge.kaspiclient.shop.ShopClientSettings;
import kz.kaspibridge.ordercommand.BenchmarkAccess;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.orders.DeliveryMode;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.sandbox.orders.OrderSnapshot;
import kz.kaspibridge.schemas.commands.OrderAccepted;
import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.common.OrderState;
import kz.kaspibridge.schemas.common.OrderStatus;
import kz.kaspibridge.schemas.orders.OrderEntry;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.orders.OrderReceived;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.ArrivalTimes;
import kz.kaspibridge.testsupport.BenchmarkFigures;
import kz.kaspibridge.testsupport.FigureSheet;
import kz.kaspibridge.testsupport.FigureSheet.Figure;
import kz.kaspibridge.testsupport.TailConsumers;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Not a test: the order-command-service benchmark ({@code @Tag("benchmark")}, which the root pom leaves out of every
 * test run). Run it on purpose with the command in {@code docs/benchmarks.md}:
 *
 * <pre>./mvnw -B -Pbenchmark -pl order-command-service -am verify -Dtest=None -Dit.test=OrderCommandBenchmark \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 *
 * AUTO merchants only: {@code OrderReceived} written to {@code kaspi.orders} at a fixed rate, spread round robin over
 * {@code bench.merchants} merchants (one token each: the client keeps one request in flight and 5 requests/s per
 * token, and an accept costs two calls, a read and the write). Latency to the Kaspi accept call is the service's own
 * {@code kaspi.commands.accept.call.latency} histogram (bucket bounds, read from {@code /actuator/prometheus} before
 * and after each phase); latency to {@code OrderAccepted} is measured here, when a {@code read_committed} consumer
 * sees it. Baseline, same run: accepts sent straight to the sandbox with the same client. It prints its figures and
 * writes them to {@code order-command-service/target/benchmark.md}. Nothing is asserted about time.
 */
@Tag("benchmark")
class OrderCommandBenchmark {

    private static final int MERCHANTS = Integer.getInteger("bench.merchants", 200);
    private static final int RATE = Integer.getInteger("bench.rate", 200);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 30);
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup.seconds", 15);
    /** Ascending; the ramp stops at the first rate the service does not sustain. */
    private static final String RAMP = System.getProperty("bench.rates", "50,100,150,250");
    private static final int STEP_SECONDS = Integer.getInteger("bench.step.seconds", 20);
    private static final int BASELINE_ORDERS = Integer.getInteger("bench.baseline.orders", 3_000);
    private static final String CONCURRENCY = System.getProperty("bench.concurrency", "3");
    /** The service's {@code kaspi.parallelism}: effects of different orders at once. */
    private static final String PARALLELISM = System.getProperty("bench.parallelism", "16");
    /** A step is sustained when at most this share of its orders is still unaccepted 2 s after its last send. */
    private static final double BACKLOG_ALLOWED = 0.01;
    private static final String CALL_TIMER = "kaspi_commands_accept_call_latency_seconds";
    private static final String ACCEPTED_TIMER = "kaspi_commands_accepted_latency_seconds";

    private static final KafkaClientConfig CLIENT = new KafkaClientConfig(TestStack.bootstrapServers(),
            TestStack.registryUrl(), true);

    /** The figures docs/benchmarks.md shows, gathered by ./benchmarks. */
    private static final FigureSheet SHEET = FigureSheet.start("order-command-service");

    @Test
    void run() throws Exception {
        List<String> report = BenchmarkFigures.reportStart();
        report.add(String.format(Locale.ROOT, "%d AUTO merchants (one token each), executor concurrency %s, "
                + "parallelism %s, client defaults: 5 requests/s and 1 in flight per token", MERCHANTS, CONCURRENCY,
                PARALLELISM));
        TestTopics.create(TestStack.bootstrapServers(), List.of(Topics.ORDERS.toNewTopic((short) 1)));
        List<KaspiSandbox.Merchant> merchants = IntStream.range(0, MERCHANTS)
                .mapToObj(i -> new KaspiSandbox.Merchant(merchant(i), "sandbox-token-" + merchant(i))).toList();
        try (KaspiSandbox sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults().withMerchants(merchants)
                .withProperty("logging.level.kz.kaspibridge.sandbox", "WARN"))) {
            baseline(sandbox, report);
            try (BenchmarkAccess.Running service = BenchmarkAccess.start("bench-commands", sandbox.shopApiUrl(),
                    settings(sandbox));
                 ArrivalTimes<OrderCommandResult> accepted = acceptedOrders()) {
                phase("warm-up", sandbox, service, accepted, 50, WARMUP_SECONDS, null);
                int highest = 0;
                for (String step : RAMP.split(",")) {
                    int rate = Integer.parseInt(step.trim());
                    if (!phase("ramp", sandbox, service, accepted, rate, STEP_SECONDS, report).sustained()) {
                        break;
                    }
                    highest = rate;
                }
                report.add(String.format(Locale.ROOT, "highest sustained rate of the ramp (%s orders/s, %d s each): %s",
                        RAMP, STEP_SECONDS, highest == 0 ? "none" : highest + " orders/s"));
                SHEET.add(Figure.atLeast("highest sustained accept rate (ramp " + RAMP + ")", highest, "orders/s", 200));
                phase("target rate", sandbox, service, accepted, RATE, SECONDS, report);
            }
            report.add(String.format(Locale.ROOT, "sandbox: %d answers of 429 for a second request in flight, "
                    + "highest concurrency per token %d", sandbox.admin().concurrencyRejections(),
                    sandbox.admin().highestConcurrency()));
        }
        report.add(BenchmarkFigures.memory("sandbox, service and broker"));
        report.add("load average (1/5/15 min) at the end: " + BenchmarkFigures.loadAverage()
                + " (other builds share these cores: compare runs on a quiet machine)");
        report.forEach(line -> System.out.println("BENCH " + line));
        Files.writeString(Path.of("target", "benchmark.md"), String.join("\n", report) + "\n");
        SHEET.note("one JVM: sandbox, service and broker; " + MERCHANTS + " AUTO merchants; "
                + BenchmarkFigures.memory("sandbox, service and broker"));
        SHEET.write();
    }

    private static String merchant(int i) {
        return "bench-" + i;
    }

    private static Map<String, String> settings(KaspiSandbox sandbox) {
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < MERCHANTS; i++) {
            settings.put("order-command-service.merchants[" + i + "].id", merchant(i));
            settings.put("order-command-service.merchants[" + i + "].token", sandbox.tokenOf(merchant(i)));
            settings.put("order-command-service.merchants[" + i + "].policy", "AUTO");
        }
        settings.put("order-command-service.kaspi.concurrency", CONCURRENCY);
        settings.put("order-command-service.kaspi.parallelism", PARALLELISM);
        // One INFO line per decision, per effect and per sandbox call would be thousands a second on the same
        // two cores (logging levels are the JVM's, so the sandbox's are set again here).
        settings.put("logging.level.kz.kaspibridge.ordercommand", "WARN");
        settings.put("logging.level.kz.kaspibridge.sandbox", "WARN");
        // The timers' histograms end at 30 s by default; a backlog goes beyond.
        settings.put("management.metrics.distribution.maximum-expected-value.kaspi.commands.accept.call.latency", "300s");
        settings.put("management.metrics.distribution.maximum-expected-value.kaspi.commands.accepted.latency", "300s");
        return settings;
    }

    /**
     * Accepts sent straight to the sandbox over HTTP with the same client and settings as the service's (one
     * request in flight and 5 requests/s per token), all merchants at once; then the same with the rate limit lifted
     * (still one in flight per token), which is what the sandbox itself can take.
     */
    private static void baseline(KaspiSandbox sandbox, List<String> report) {
        double limited = rawAccepts(sandbox, ShopClientSettings.defaults(URI.create(sandbox.shopApiUrl())));
        double unlimited = rawAccepts(sandbox, ShopClientSettings.defaults(URI.create(sandbox.shopApiUrl()))
                .withRateLimit(new RateLimitSettings(1_000_000, 1_000_000)));
        report.add(String.format(Locale.ROOT, "baseline, sandbox raw accepts over HTTP (KaspiShopClient, %d orders over "
                + "%d tokens): %.0f accepts/s with the service's client settings (5 req/s per token: at most %d/s), "
                + "%.0f accepts/s with the rate limit lifted", BASELINE_ORDERS, MERCHANTS, limited, 5 * MERCHANTS,
                unlimited));
        BASELINE[0] = limited;
        BASELINE[1] = unlimited;
    }

    private static final double[] BASELINE = new double[2];

    private static double rawAccepts(KaspiSandbox sandbox, ShopClientSettings settings) {
        List<OrderSnapshot> orders = seed(sandbox, BASELINE_ORDERS);
        KaspiShopClient client = new KaspiShopClient(settings, new SimpleMeterRegistry());
        long start = System.nanoTime();
        Long done = Flux.fromIterable(orders)
                .flatMap(o -> client.accept(new ApiToken(sandbox.tokenOf(o.merchantId())), new OrderId(o.id()),
                        new OrderCode(o.code())), MERCHANTS * 2)
                .count().block(Duration.ofMinutes(5));
        return done / ((System.nanoTime() - start) / 1e9);
    }

    private static List<OrderSnapshot> seed(KaspiSandbox sandbox, int count) {
        List<OrderSnapshot> orders = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            orders.add(sandbox.admin().seedOrder(OrderSeed.forMerchant(merchant(i % MERCHANTS))
                    .withDelivery(DeliveryMode.DELIVERY_PICKUP, false).withEntries(1)));
        }
        return orders;
    }

    private record Phase(boolean sustained) {
    }

    /**
     * Writes {@code rate × seconds} new orders at a fixed rate, then waits for every {@code OrderAccepted}. Its
     * figures go to the report unless it is the warm-up.
     */
    private static Phase phase(String label, KaspiSandbox sandbox, BenchmarkAccess.Running service,
                               ArrivalTimes<OrderCommandResult> accepted, int rate, int seconds, List<String> report) throws Exception {
        int count = rate * seconds;
        List<OrderSnapshot> orders = seed(sandbox, count);
        Map<Double, Long> callsBefore = buckets(service, CALL_TIMER);
        Map<Double, Long> acceptedBefore = buckets(service, ACCEPTED_TIMER);
        Map<String, Long> sentAt = new HashMap<>();
        long start = System.nanoTime();
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(CLIENT.producerProperties())) {
            for (int i = 0; i < count; i++) {
                long wait = start + (long) i * 1_000_000_000L / rate - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                OrderSnapshot order = orders.get(i);
                long now = System.currentTimeMillis();
                sentAt.put(order.code(), now);
                producer.send(new ProducerRecord<>(Topics.ORDERS.name(), order.code(), received(order, now)));
            }
        }
        long lastSent = System.currentTimeMillis();
        double offered = count / ((System.nanoTime() - start) / 1e9);
        int backlogAfter2s = accepted.backlogAfter(sentAt.keySet(), lastSent, Duration.ofSeconds(2),
                Duration.ofMinutes(3));
        List<Long> visible = new ArrayList<>();
        long lastAccepted = 0;
        for (Map.Entry<String, Long> sent : sentAt.entrySet()) {
            Long at = accepted.at(sent.getKey());
            if (at != null) {
                visible.add(at - sent.getValue());
                lastAccepted = Math.max(lastAccepted, at);
            }
        }
        visible.sort(Long::compare);
        long firstSent = sentAt.values().stream().mapToLong(Long::longValue).min().orElse(0);
        double throughput = visible.size() / Math.max(0.001, (lastAccepted - firstSent) / 1000.0);
        boolean sustained = visible.size() == count && backlogAfter2s <= count * BACKLOG_ALLOWED;
        if (report != null) {
            Map<Double, Long> calls = difference(buckets(service, CALL_TIMER), callsBefore);
            Map<Double, Long> toAccepted = difference(buckets(service, ACCEPTED_TIMER), acceptedBefore);
            report.add(String.format(Locale.ROOT, "%s %d orders/s offered (%.0f achieved by the writer) for %d s: "
                            + "%d of %d accepted, %.0f accepts/s from first send to last OrderAccepted; backlog 2 s "
                            + "after the last send %d (%s)", label, rate, offered, seconds, visible.size(), count,
                    throughput, backlogAfter2s, sustained ? "sustained" : "NOT sustained"));
            report.add(String.format(Locale.ROOT, "  OrderReceived -> Kaspi accept call (service histogram, bucket "
                            + "bounds): p50 <= %s ms, p99 <= %s ms (%d calls)", percentile(calls, 0.5),
                    percentile(calls, 0.99), total(calls)));
            report.add(String.format(Locale.ROOT, "  OrderReceived -> OrderAccepted seen by a read_committed consumer: "
                            + "p50 %d ms, p99 %d ms, max %d ms; service's own histogram to OrderAccepted: p50 <= %s ms, "
                            + "p99 <= %s ms", BenchmarkFigures.percentile(visible, 50),
                    BenchmarkFigures.percentile(visible, 99),
                    visible.isEmpty() ? -1 : visible.get(visible.size() - 1), percentile(toAccepted, 0.5),
                    percentile(toAccepted, 0.99)));
            if (label.equals("target rate")) {
                sheet(rate, visible, throughput, sustained);
            }
            if (BASELINE[0] > 0) {
                report.add(String.format(Locale.ROOT, "  ratio of accepts/s to the baseline: %.2f (client settings), "
                        + "%.2f (rate limit lifted)", throughput / BASELINE[0], throughput / BASELINE[1]));
            }
        }
        return new Phase(sustained);
    }

    private static void sheet(int rate, List<Long> visible, double throughput, boolean sustained) {
        SHEET.add(Figure.atMost("accept latency p99, OrderReceived -> OrderAccepted at " + rate + " orders/s",
                BenchmarkFigures.percentile(visible, 99), "ms", 150));
        SHEET.add(Figure.info("accept latency p50 at " + rate + " orders/s", BenchmarkFigures.percentile(visible, 50),
                "ms"));
        // Judged as the benchmark judges a step: every order accepted and no backlog 2 s after the last send (the
        // achieved rate is measured to the last OrderAccepted, so it ends a little under the offered one).
        SHEET.add(Figure.info("accepts/s while offered " + rate + " orders/s", throughput, "accepts/s")
                .against("raw accepts, same client settings", BASELINE[0], throughput / BASELINE[0])
                .target("sustained " + rate + "/s (no backlog 2 s after the last send)", sustained));
    }

    private static OrderEvent received(OrderSnapshot order, long nowMillis) {
        Instant now = Instant.ofEpochMilli(nowMillis);
        String eventId = "received/" + order.merchantId() + "/" + order.code();
        EventMetadata meta = EventMetadata.newBuilder().setEventId(eventId).setOccurredAt(now)
                .setMerchantId(order.merchantId()).setCorrelationId(eventId).build();
        List<OrderEntry> entries = order.entries().stream().map(e -> OrderEntry.newBuilder()
                .setSku(e.offerCode()).setQuantity(e.quantity()).setBasePrice(e.basePrice())
                .setTotalPrice(e.basePrice() * e.quantity()).build()).toList();
        OrderReceived payload = OrderReceived.newBuilder().setOrderId(order.id())
                .setStatus(OrderStatus.APPROVED_BY_BANK).setState(OrderState.NEW).setCreationDate(order.creationDate())
                .setTotalPrice(order.totalPrice()).setDeliveryMode("DELIVERY_PICKUP").setEntries(entries).build();
        return OrderEvent.newBuilder().setMetadata(meta).setOrderCode(order.code()).setPayload(payload).build();
    }

    /** When each order's {@code OrderAccepted} became visible to a {@code read_committed} consumer. */
    private static ArrivalTimes<OrderCommandResult> acceptedOrders() {
        KafkaConsumer<String, OrderCommandResult> consumer = TailConsumers.atEnd(Topics.ORDER_RESULTS.name(),
                CLIENT.assignedReaderProperties("bench-results"));
        return new ArrivalTimes<>(consumer, r -> r.value().getPayload() instanceof OrderAccepted ? r.key() : null,
                "bench-results");
    }

    /** Cumulative bucket counts of a timer, by upper bound in seconds, from the service's Prometheus page. */
    private static Map<Double, Long> buckets(BenchmarkAccess.Running service, String timer) throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + service.port() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<Double, Long> buckets = new TreeMap<>();
        String prefix = timer + "_bucket{";
        for (String line : page.body().split("\n")) {
            if (line.startsWith(prefix)) {
                int le = line.indexOf("le=\"") + 4;
                String bound = line.substring(le, line.indexOf('"', le));
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                // Summed over the timer's series (one per origin: policy, command).
                buckets.merge(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound),
                        (long) value, Long::sum);
            }
        }
        return buckets;
    }

    private static Map<Double, Long> difference(Map<Double, Long> after, Map<Double, Long> before) {
        Map<Double, Long> diff = new TreeMap<>();
        after.forEach((bound, count) -> diff.put(bound, count - before.getOrDefault(bound, 0L)));
        return diff;
    }

    private static long total(Map<Double, Long> cumulative) {
        return cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0L);
    }

    /** The upper bound, in ms, of the first bucket holding the percentile; "n/a" without data. */
    private static String percentile(Map<Double, Long> cumulative, double p) {
        long total = total(cumulative);
        if (total == 0) {
            return "n/a";
        }
        for (Map.Entry<Double, Long> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= Math.ceil(p * total)) {
                return bucket.getKey().isInfinite() ? "+Inf" : String.format(Locale.ROOT, "%.0f", bucket.getKey() * 1000);
            }
        }
        return "+Inf";
    }
}
