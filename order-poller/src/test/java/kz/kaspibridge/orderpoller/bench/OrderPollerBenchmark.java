package kz.kaspibridge.orderpoller.bench;

import static kz.kaspibridge.testsupport.BenchmarkFigures.percentile;

import java.io.IOException;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import kz.kaspibridge.orderpoller.BenchmarkAccess;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.orders.BulkSeed;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.BenchmarkFigures;
import kz.kaspibridge.testsupport.FigureSheet;
import kz.kaspibridge.testsupport.FigureSheet.Figure;
import kz.kaspibridge.testsupport.TailConsumers;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Not a test: the order-poller benchmark ({@code @Tag("benchmark")}, which the root pom leaves out
 * of every test run). Run it on purpose with the command in {@code docs/benchmarks.md}:
 *
 * <pre>./mvnw -B -Pbenchmark -pl order-poller -am verify -Dtest=None -Dit.test=OrderPollerBenchmark \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 *
 * It prints its figures and writes them to {@code order-poller/target/benchmark.md}. Nothing is
 * asserted about time: the figures depend on the machine.
 */
@Tag("benchmark")
class OrderPollerBenchmark {

    private static final int INGEST_ORDERS = Integer.getInteger("bench.orders", 50_000);
    private static final int LATENCY_ORDERS = Integer.getInteger("bench.latency.orders", 80);
    private static final int PAGE_SIZE = 100;
    private static final int OPEN_ORDERS = Integer.getInteger("bench.open.orders", 2_000);
    private static final int OPEN_PROBES = Integer.getInteger("bench.open.probes", 100);
    /** One buyer cancellation every this many new orders: about one per 2.5 s, a busy merchant's rate. */
    private static final int CANCEL_EVERY = 5;
    private static final Duration OPEN_POLL_INTERVAL = Duration.ofSeconds(2);
    private static final Duration OPEN_SYNC_INTERVAL = Duration.ofSeconds(10);

    /** The figures docs/benchmarks.md shows, gathered by ./benchmarks. */
    private final FigureSheet sheet = FigureSheet.start("order-poller");

    @Test
    void run() throws Exception {
        List<String> report = BenchmarkFigures.reportStart();
        TestTopics.create(TestStack.bootstrapServers(), List.of(Topics.ORDERS.toNewTopic((short) 1)));
        try (KaspiSandbox sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults().withMerchants(List.of(
                new KaspiSandbox.Merchant("bench-ingest", "sandbox-token-bench-ingest"),
                new KaspiSandbox.Merchant("bench-latency", "sandbox-token-bench-latency"),
                new KaspiSandbox.Merchant("bench-quiet", "sandbox-token-bench-quiet"),
                new KaspiSandbox.Merchant("bench-open", "sandbox-token-bench-open"))))) {
            ingest(sandbox, report);
            latency(sandbox, report);
            underOpenOrders(sandbox, report);
        }
        report.add(BenchmarkFigures.memory("sandbox, poller and broker"));
        report.add("load average (1/5/15 min) at the end: " + BenchmarkFigures.loadAverage()
                + " (other builds share these cores: compare runs on a quiet machine)");
        report.forEach(line -> System.out.println("BENCH " + line));
        Path out = Path.of("target", "benchmark.md");
        Files.writeString(out, String.join("\n", report) + "\n");
        sheet.note("one JVM: sandbox, poller and broker; " + BenchmarkFigures.memory("sandbox, poller and broker"));
        sheet.write();
    }

    private void ingest(KaspiSandbox sandbox, List<String> report) throws Exception {
        Instant now = sandbox.admin().now();
        Instant from = now.minus(Duration.ofDays(40));
        long seedStart = System.nanoTime();
        sandbox.admin().seedOrders(new BulkSeed("bench-ingest", INGEST_ORDERS, from, now.minusSeconds(60), null));
        report.add(String.format(Locale.ROOT, "seeded %d orders over 40 days in %.1f s", INGEST_ORDERS,
                seconds(System.nanoTime() - seedStart)));

        double raw = rawPageRate(sandbox, from, now);
        report.add(String.format(Locale.ROOT,
                "sandbox raw page serving (1 connection, page size %d, entries included, bodies discarded): %.0f orders/s",
                PAGE_SIZE, raw));

        long endOffset = endOffset();
        Map<String, String> settings = BenchmarkAccess.merchant("bench-ingest",
                sandbox.tokenOf("bench-ingest"), "41d", "1s");
        settings.put("order-poller.kaspi.requests-per-second", "0");
        settings.put("order-poller.kaspi.page-size", Integer.toString(PAGE_SIZE));
        settings.put("order-poller.batch-size", "500");
        settings.put("order-poller.kaspi.listing-concurrency", System.getProperty("bench.listing-concurrency", "1"));
        settings.put("order-poller.merchants[0].status-sync-interval", "1h");
        settings.put("logging.level.kz.kaspibridge.orderpoller.polling", "WARN");
        long start = System.nanoTime();
        try (AutoCloseable poller = BenchmarkAccess.start("bench-ingest", sandbox.shopApiUrl(), settings)) {
            long started = System.nanoTime();
            awaitCount(endOffset + INGEST_ORDERS, Duration.ofMinutes(10));
            long done = System.nanoTime();
            double total = INGEST_ORDERS / seconds(done - start);
            double afterStart = INGEST_ORDERS / seconds(done - started);
            report.add(String.format(Locale.ROOT,
                    "ingest, rate limit off: %d OrderReceived committed in %.1f s after the service was up "
                            + "(%.1f s including its start-up)", INGEST_ORDERS, seconds(done - started), seconds(done - start)));
            report.add(String.format(Locale.ROOT, "ingest throughput: %.0f orders/s (%.0f orders/s including start-up)",
                    afterStart, total));
            report.add(String.format(Locale.ROOT, "ratio to the sandbox's raw page-serving rate: %.2f", afterStart / raw));
            sheet.add(Figure.atLeast(String.format(Locale.ROOT, "poller ingest, %,d orders, rate limit off", INGEST_ORDERS),
                    afterStart, "orders/s", 3_000).against("sandbox raw page serving", raw, afterStart / raw));
        }
    }

    /** Every page of the seeded orders, one after the other, as plain HTTP: the ceiling for one merchant. */
    private double rawPageRate(KaspiSandbox sandbox, Instant from, Instant to) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long orders = 0;
        long start = System.nanoTime();
        for (Instant windowFrom = from; windowFrom.isBefore(to); windowFrom = windowFrom.plus(Duration.ofDays(14))) {
            Instant windowTo = windowFrom.plus(Duration.ofDays(14)).isBefore(to) ? windowFrom.plus(Duration.ofDays(14)) : to;
            int pages = 1;
            for (int page = 0; page < pages; page++) {
                String query = "page%5Bnumber%5D=" + page + "&page%5Bsize%5D=" + PAGE_SIZE
                        + "&filter%5Borders%5D%5Bstate%5D=NEW&filter%5Borders%5D%5Bstatus%5D=APPROVED_BY_BANK"
                        + "&filter%5Borders%5D%5BcreationDate%5D%5B%24ge%5D=" + windowFrom.toEpochMilli()
                        + "&filter%5Borders%5D%5BcreationDate%5D%5B%24le%5D=" + windowTo.toEpochMilli()
                        + "&include%5Borders%5D=entries";
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(sandbox.shopApiUrl()
                                + "/orders?" + query)).header("Accept", "application/vnd.api+json")
                        .header("X-Auth-Token", sandbox.tokenOf("bench-ingest")).build(),
                        HttpResponse.BodyHandlers.ofString());
                String body = response.body();
                if (page == 0) {
                    pages = Integer.parseInt(body.replaceAll("(?s).*\"pageCount\":(\\d+).*", "$1"));
                    long total = Long.parseLong(body.replaceAll("(?s).*\"totalCount\":(\\d+).*", "$1"));
                    orders += total;
                }
            }
        }
        return orders / seconds(System.nanoTime() - start);
    }

    private void latency(KaspiSandbox sandbox, List<String> report) throws Exception {
        Map<String, String> settings = BenchmarkAccess.merchant("bench-latency",
                sandbox.tokenOf("bench-latency"), "1d", "1s");
        settings.put("order-poller.merchants[0].status-sync-interval", "1h");
        Map<String, Long> seededAt = new ConcurrentHashMap<>();
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        KafkaClientConfig client = new KafkaClientConfig(TestStack.bootstrapServers(), TestStack.registryUrl(), true);
        Map<String, Object> props = new HashMap<>(client.consumerProperties("bench-latency-" + UUID.randomUUID()));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        try (AutoCloseable poller = BenchmarkAccess.start("bench-latency", sandbox.shopApiUrl(), settings);
             KafkaConsumer<String, OrderEvent> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ORDERS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            Thread seeder = new Thread(() -> seed(sandbox, seededAt), "bench-seeder");
            seeder.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (seenAt.size() < LATENCY_ORDERS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, OrderEvent> record : consumer.poll(Duration.ofMillis(20))) {
                    seenAt.putIfAbsent(record.key(), System.nanoTime());
                }
            }
            seeder.join();
        }
        List<Long> millis = new ArrayList<>();
        seededAt.forEach((code, at) -> {
            Long seen = seenAt.get(code);
            if (seen != null) {
                millis.add((seen - at) / 1_000_000);
            }
        });
        millis.sort(Long::compare);
        report.add(String.format(Locale.ROOT,
                "visibility latency, poll interval 1 s, %d orders seeded one by one at random 0-500 ms gaps: "
                        + "p50 %d ms, p99 %d ms, max %d ms (seen %d of %d)", LATENCY_ORDERS,
                percentile(millis, 50), percentile(millis, 99), millis.isEmpty() ? -1 : millis.get(millis.size() - 1),
                millis.size(), seededAt.size()));
        sheet.add(Figure.atMost("new-order visibility p99, poll interval 1 s", percentile(millis, 99), "ms", 1_300));
        sheet.add(Figure.info("new-order visibility p50, poll interval 1 s", percentile(millis, 50), "ms"));
    }

    /**
     * Kaspi's real pace (the client's default 5 requests/s per token, one in flight, sync's share
     * 0.5), poll interval 2 s, status-sync interval 10 s. Baseline, same run: a merchant with no
     * open orders. Then a merchant with {@code bench.open.orders} open orders over 60 days, where
     * new orders and buyer cancellations of old orders are made while sync keeps refreshing them.
     */
    private void underOpenOrders(KaspiSandbox sandbox, List<String> report) throws Exception {
        Timings quiet = probe(sandbox, "bench-quiet", 0);
        Timings busy = probe(sandbox, "bench-open", OPEN_ORDERS);
        String target = String.format(Locale.ROOT, "targets: poll interval + 1 s = %d ms, status-sync interval + 1 s = %d ms",
                OPEN_POLL_INTERVAL.plusSeconds(1).toMillis(), OPEN_SYNC_INTERVAL.plusSeconds(1).toMillis());
        report.add("under Kaspi's limits (5 req/s per token, one in flight, sync share 0.5, poll 2 s, sync 10 s); " + target);
        report.add(String.format(Locale.ROOT, "new-order visibility, no open orders (baseline): p50 %d ms, p99 %d ms (seen %d of %d)",
                percentile(quiet.visible, 50), percentile(quiet.visible, 99), quiet.visible.size(), OPEN_PROBES));
        report.add(String.format(Locale.ROOT, "new-order visibility, %d open orders over 60 days: p50 %d ms, p99 %d ms "
                        + "(seen %d of %d); p99 ratio to the baseline %.2f", OPEN_ORDERS, percentile(busy.visible, 50),
                percentile(busy.visible, 99), busy.visible.size(), OPEN_PROBES,
                (double) percentile(busy.visible, 99) / Math.max(1, percentile(quiet.visible, 99))));
        report.add(String.format(Locale.ROOT, "status-sync delay (buyer cancellation to OrderStatusChanged), %d open orders: "
                        + "p50 %d ms, p99 %d ms, max %d ms (seen %d of %d)", OPEN_ORDERS, percentile(busy.synced, 50),
                percentile(busy.synced, 99), busy.synced.isEmpty() ? -1 : busy.synced.get(busy.synced.size() - 1),
                busy.synced.size(), (OPEN_PROBES + CANCEL_EVERY - 1) / CANCEL_EVERY));
        report.add(String.format(Locale.ROOT, "kaspi calls per sync cycle, %d open orders: mean %.1f, max %.0f over %.0f cycles "
                        + "(one lookup per order would be %d: ratio %.3f)", OPEN_ORDERS, busy.syncCalls[1], busy.syncCalls[2],
                busy.syncCalls[0], OPEN_ORDERS, busy.syncCalls[2] / OPEN_ORDERS));
        double busyP99 = percentile(busy.visible, 99);
        double quietP99 = percentile(quiet.visible, 99);
        sheet.add(Figure.atMost(String.format(Locale.ROOT, "new-order visibility p99 under Kaspi's limits, %,d open orders",
                OPEN_ORDERS), busyP99, "ms", OPEN_POLL_INTERVAL.plusSeconds(1).toMillis())
                .against("no open orders", quietP99, busyP99 / Math.max(1, quietP99)));
        sheet.add(Figure.atMost(String.format(Locale.ROOT, "status-sync delay p99, %,d open orders", OPEN_ORDERS),
                percentile(busy.synced, 99), "ms", OPEN_SYNC_INTERVAL.plusSeconds(1).toMillis()));
        sheet.add(Figure.info("Kaspi calls per sync cycle (max)", busy.syncCalls[2], "calls")
                .against("one lookup per open order", OPEN_ORDERS, busy.syncCalls[2] / OPEN_ORDERS));
        report.add(String.format(Locale.ROOT, "sandbox: %d answers of 429 for a second request in flight, highest concurrency per token %d",
                sandbox.admin().concurrencyRejections(), sandbox.admin().highestConcurrency()));
    }

    private record Timings(List<Long> visible, List<Long> synced, double[] syncCalls) {
    }

    private Timings probe(KaspiSandbox sandbox, String merchant, int openOrders) throws Exception {
        Instant now = sandbox.admin().now();
        if (openOrders > 0) {
            sandbox.admin().seedOrders(new BulkSeed(merchant, openOrders, now.minus(Duration.ofDays(60)),
                    now.minusSeconds(60), null));
        }
        Map<String, String> settings = BenchmarkAccess.merchant(merchant, sandbox.tokenOf(merchant), "61d",
                OPEN_POLL_INTERVAL.toMillis() + "ms");
        settings.put("order-poller.merchants[0].status-sync-interval", OPEN_SYNC_INTERVAL.toMillis() + "ms");
        settings.put("order-poller.kaspi.timeout", "30s");
        settings.put("logging.level.kz.kaspibridge.orderpoller.polling", "WARN");
        List<String> old = new ArrayList<>();
        Map<String, Long> seededAt = new ConcurrentHashMap<>();
        Map<String, Long> cancelledAt = new ConcurrentHashMap<>();
        Map<String, Long> seenAt = new HashMap<>();
        Map<String, Long> closedAt = new HashMap<>();
        try (KafkaConsumer<String, OrderEvent> consumer = latestConsumer(merchant);
             AutoCloseable poller = BenchmarkAccess.start(merchant, sandbox.shopApiUrl(), settings)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while ((old.size() < openOrders || BenchmarkAccess.syncCalls(poller, merchant)[0] < 1)
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(50)).forEach(r -> {
                    if (r.value().getPayload() instanceof kz.kaspibridge.schemas.orders.OrderReceived
                            && merchant.equals(r.value().getMetadata().getMerchantId())) {
                        old.add(r.key());
                    }
                });
            }
            Thread prober = new Thread(() -> probeOrders(sandbox, merchant, old, seededAt, cancelledAt), "bench-prober");
            prober.start();
            deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while ((prober.isAlive() || seenAt.size() < seededAt.size() || closedAt.size() < cancelledAt.size())
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, OrderEvent> r : consumer.poll(Duration.ofMillis(20))) {
                    long at = System.nanoTime();
                    if (!merchant.equals(r.value().getMetadata().getMerchantId())) {
                        continue;
                    }
                    if (r.value().getPayload() instanceof kz.kaspibridge.schemas.orders.OrderStatusChanged change) {
                        if (change.getStatus() == kz.kaspibridge.schemas.common.OrderStatus.CANCELLED) {
                            closedAt.putIfAbsent(r.key(), at);
                        }
                    } else {
                        seenAt.putIfAbsent(r.key(), at);
                    }
                }
            }
            prober.join();
            return new Timings(elapsed(seededAt, seenAt), elapsed(cancelledAt, closedAt),
                    BenchmarkAccess.syncCalls(poller, merchant));
        }
    }

    /**
     * New orders at random 0-1 s gaps and, when there are open orders, a buyer cancellation of an old
     * one with every {@code CANCEL_EVERY}th of them: each cancelled order leaves its state, so it costs
     * sync one lookup on top of the listings.
     */
    private static void probeOrders(KaspiSandbox sandbox, String merchant, List<String> old, Map<String, Long> seededAt,
                                    Map<String, Long> cancelledAt) {
        try {
            for (int i = 0; i < OPEN_PROBES; i++) {
                long at = System.nanoTime();
                seededAt.put(sandbox.admin().seedOrder(OrderSeed.forMerchant(merchant)).code(), at);
                if (!old.isEmpty() && i % CANCEL_EVERY == 0) {
                    // Spread over the whole 60 days, oldest windows included.
                    String code = old.get((int) ((long) i * old.size() / OPEN_PROBES));
                    cancelledAt.put(code, System.nanoTime());
                    sandbox.admin().buyerCancels(code, false);
                }
                Thread.sleep(ThreadLocalRandom.current().nextInt(1_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Long> elapsed(Map<String, Long> from, Map<String, Long> to) {
        List<Long> millis = new ArrayList<>();
        from.forEach((code, at) -> {
            Long seen = to.get(code);
            if (seen != null) {
                millis.add((seen - at) / 1_000_000);
            }
        });
        millis.sort(Long::compare);
        return millis;
    }

    private static KafkaConsumer<String, OrderEvent> latestConsumer(String name) {
        KafkaClientConfig client = new KafkaClientConfig(TestStack.bootstrapServers(), TestStack.registryUrl(), true);
        return TailConsumers.atEnd(Topics.ORDERS.name(), client.consumerProperties(name + "-" + UUID.randomUUID()));
    }

    private static void seed(KaspiSandbox sandbox, Map<String, Long> seededAt) {
        try {
            // Let the poller take its merchant first, so start-up is not counted as latency.
            Thread.sleep(5_000);
            for (int i = 0; i < LATENCY_ORDERS; i++) {
                long at = System.nanoTime();
                seededAt.put(sandbox.admin().seedOrder(OrderSeed.forMerchant("bench-latency")).code(), at);
                Thread.sleep(ThreadLocalRandom.current().nextInt(500));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long endOffset() {
        try (KafkaConsumer<byte[], byte[]> consumer = rawConsumer()) {
            return consumer.endOffsets(partitions(consumer)).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Counts committed records on kaspi.orders (offsets include transaction markers, so records are counted). */
    private static void awaitCount(long target, Duration wait) {
        try (KafkaConsumer<byte[], byte[]> consumer = rawConsumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long count = 0;
            long deadline = System.nanoTime() + wait.toNanos();
            while (count < target && System.nanoTime() < deadline) {
                count += consumer.poll(Duration.ofMillis(100)).count();
            }
            if (count < target) {
                throw new IllegalStateException("only " + count + " of " + target + " records arrived");
            }
        }
    }

    private static KafkaConsumer<byte[], byte[]> rawConsumer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        return consumer.partitionsFor(Topics.ORDERS.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
