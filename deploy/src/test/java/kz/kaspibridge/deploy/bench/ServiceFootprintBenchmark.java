package kz.kaspibridge.deploy.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import kz.kaspibridge.deploy.live.StackSettings;
import kz.kaspibridge.deploy.live.WholeStack;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.orders.BulkSeed;
import kz.kaspibridge.schemas.commands.OrderAccepted;
import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.BenchmarkFigures;
import kz.kaspibridge.testsupport.FigureSheet;
import kz.kaspibridge.testsupport.FigureSheet.Figure;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.ServiceProcess;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every service as the operating-system process it is in production: its exec jar, the shipped JVM flags, against
 * this JVM's broker and registry and the Kaspi sandbox. Measures, per service, the time from the process being
 * started to its readiness answering 200, and its resident set while load runs through all of them (orders polled
 * and accepted, signed webhooks, the catalog and its stock, price list builds); and the time from a
 * {@code StockChanged} being written to the served price list showing the figure (through order-command-service
 * and pricelist-publisher). Baselines, same run: the JDK's bare HTTP server started with the same flags, and an
 * {@code AvailableStock} written straight to pricelist-publisher.
 *
 * <p>Run it with the command in docs/benchmarks.md ({@code -Pbenchmark}); its tag keeps it out of the test run.
 * It needs the exec jars: {@code verify} on the reactor builds them before this module.
 */
@Tag("benchmark")
class ServiceFootprintBenchmark {

    /**
     * The Dockerfile's {@code JDK_JAVA_OPTIONS} in docker-compose's 640 MB container: {@code MaxRAM} stands in for
     * the cgroup limit the JVM would read (60 % of 640 MB: a 384 MB heap).
     */
    static final String SHIPPED_FLAGS = "-XX:MaxRAM=640m -XX:MaxRAMPercentage=60 -XX:+UseSerialGC "
            + "-XX:+ExitOnOutOfMemoryError";
    private static final List<String> FLAGS = Arrays.stream(System.getProperty("bench.jvm-flags", SHIPPED_FLAGS)
            .trim().split("\\s+")).filter(flag -> !flag.isEmpty()).toList();
    private static final int OFFERS = Integer.getInteger("bench.offers", 5_000);
    private static final int ORDER_BATCHES = Integer.getInteger("bench.order-batches", 4);
    /** One token accepts at most 2.5 orders/s (two calls each at 5 requests/s), so 60 per 15 s keeps it busy. */
    private static final int ORDERS_PER_BATCH = Integer.getInteger("bench.orders-per-batch", 60);
    private static final int WEBHOOKS_PER_SECOND = Integer.getInteger("bench.webhooks-per-second", 200);
    private static final int SAMPLES = Integer.getInteger("bench.stock-samples", 15);
    private static final int LOAD_SECONDS = Integer.getInteger("bench.load-seconds", 60);
    private static final int BASELINE_STARTS = 3;
    private static final double RSS_TARGET_MB = 350;
    /** The Dockerfile's health check gives a service 120 s to become ready before it counts failures. */
    private static final long START_TARGET_MS = 120_000;
    /** pricelist-publisher's shipped debounce plus the 500 ms the issue allows. */
    private static final long STOCK_TO_FEED_TARGET_MS = 2_500;

    static final String MERCHANT = WholeStack.AUTO_MERCHANT;
    private static final String WEBHOOK_INGRESS = WholeStack.WEBHOOK_INGRESS;
    private static final String PRICELIST_PUBLISHER = WholeStack.PRICELIST_PUBLISHER;
    static final String STORE = WholeStack.STORE;
    static final String WEBHOOK_PATH = StackSettings.WEBHOOK_PATH;

    private final FigureSheet sheet = FigureSheet.start("services");
    private final Path root = Path.of("").toAbsolutePath().getParent();
    private final Path logs = Path.of("target", "bench-processes").toAbsolutePath();
    private final KafkaClientConfig kafka = new KafkaClientConfig(TestStack.bootstrapServers(),
            TestStack.registryUrl(), true);
    private final StackSettings.Secrets secrets = StackSettings.Secrets.generate(List.of(MERCHANT));
    private final Map<String, MeasuredProcess> services = new LinkedHashMap<>();

    @Test
    void run() throws Exception {
        TestTopics.create(TestStack.bootstrapServers(),
                Topics.all().stream().map(topic -> topic.toNewTopic((short) 1)).toList());
        Baseline hello = baseline();
        int ingressPort = ServiceProcess.freePort();
        try (KaspiSandbox sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults()
                .withMerchants(List.of(new KaspiSandbox.Merchant(MERCHANT, secrets.token(MERCHANT))))
                .withWebhook(URI.create("http://127.0.0.1:" + ingressPort + WEBHOOK_PATH), secrets.webhookSecret())
                .withDeliveryApiKey(secrets.deliveryApiKey())
                .withProperty("logging.level.kz.kaspibridge.sandbox", "WARN"))) {
            Map<String, Long> startMs = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, String>> service : settings(sandbox).entrySet()) {
                String name = service.getKey();
                int port = name.equals(WEBHOOK_INGRESS) ? ingressPort : ServiceProcess.freePort();
                Map<String, String> own = new LinkedHashMap<>(service.getValue());
                own.put("server.port", Integer.toString(port));
                List<String> arguments = new ArrayList<>(List.of("-jar", jar(name).toString()));
                arguments.addAll(List.of(TestStack.serviceArguments(own)));
                MeasuredProcess process = MeasuredProcess.start(name, FLAGS, arguments, port, logs);
                services.put(name, process);
                startMs.put(name, process.awaitReady("/actuator/health/readiness", Duration.ofMinutes(3)));
                System.out.printf("BENCH %s ready in %,d ms (RSS %d MB)%n", name, startMs.get(name),
                        process.rssMb());
            }
            Map<String, Long> idleRss = new LinkedHashMap<>();
            services.forEach((name, process) -> idleRss.put(name, process.rssMb()));
            Load load = load(sandbox);
            startMs.forEach((name, ms) -> sheet.add(Figure.atMost("start-up to readiness 200, " + name, ms, "ms",
                    START_TARGET_MS).against("JDK HTTP server, same flags", hello.startMs(), ms / hello.startMs())));
            Map<String, Long> sampled = new LinkedHashMap<>();
            services.forEach((name, process) -> {
                // The highest resident set of the process's life (start-up and load): a peak between two samples
                // counts too. The highest sample is in the notes.
                long peak = Math.max(process.peakRssMb(), load.rssMax().getOrDefault(name, -1L));
                sampled.put(name, load.rssMax().getOrDefault(name, -1L));
                sheet.add(Figure.info("peak RSS under load (VmHWM), " + name, peak, "MB")
                        .against("JDK HTTP server, same flags", hello.rssMb(), (double) peak / hello.rssMb())
                        .target("< 350 MB", peak > 0 && peak < RSS_TARGET_MB));
            });
            sheet.add(Figure.atMost("stock to feed p99, StockChanged -> served price list (" + OFFERS + " offers)",
                    load.stockToFeed().p99(), "ms", STOCK_TO_FEED_TARGET_MS).against(
                    "AvailableStock written straight to the publisher", load.availableToFeed().p99(),
                    (double) load.stockToFeed().p99() / load.availableToFeed().p99()));
            sheet.add(Figure.info("stock to feed p50", load.stockToFeed().p50(), "ms")
                    .against("AvailableStock straight", load.availableToFeed().p50(),
                            (double) load.stockToFeed().p50() / load.availableToFeed().p50()));
            sheet.note("JVM flags of every service and of the baseline: `" + String.join(" ", FLAGS) + "`; each "
                    + "exec jar started as its own process (`java <flags> -jar`), one after the other, each once");
            sheet.note("RSS in MB idle after start-up: " + idleRss + "; highest of the samples every 250 ms under load: "
                    + sampled + "; the baseline's (JDK HTTP server) once ready: " + hello.rssMb());
            sheet.note(load.summary());
            sheet.note("the broker, the registry, the sandbox and the load generator ran beside them (failsafe JVM "
                    + "and registry process); " + BenchmarkFigures.memory("broker, sandbox, load generator"));
        } finally {
            List<String> names = new ArrayList<>(services.keySet());
            for (int i = names.size() - 1; i >= 0; i--) {
                services.get(names.get(i)).close();
            }
        }
        sheet.figures().forEach(figure -> System.out.println("BENCH " + figure));
        sheet.write();
    }

    private record Baseline(double startMs, long rssMb) {
    }

    /** The JDK's HTTP server with the services' flags: median start of three, its resident set once ready. */
    private Baseline baseline() throws InterruptedException {
        List<Long> starts = new ArrayList<>();
        long rss = -1;
        for (int i = 0; i < BASELINE_STARTS; i++) {
            int port = ServiceProcess.freePort();
            try (MeasuredProcess hello = MeasuredProcess.start("hello-baseline", FLAGS, List.of("-cp",
                    Path.of("target", "test-classes").toAbsolutePath().toString(), HelloServer.class.getName(),
                    Integer.toString(port)), port, logs)) {
                starts.add(hello.awaitReady("/actuator/health/readiness", Duration.ofSeconds(60)));
                Thread.sleep(500);
                rss = Math.max(rss, hello.rssMb());
            }
        }
        starts.sort(Long::compare);
        System.out.printf("BENCH baseline, JDK HTTP server: ready in %s ms, RSS %d MB%n", starts, rss);
        return new Baseline(starts.get(starts.size() / 2), rss);
    }

    /**
     * Every service in start order (the ingress first: the sandbox already sends it webhooks) with the settings of
     * the whole stack's wiring, one AUTO merchant, the shipped intervals.
     */
    private Map<String, Map<String, String>> settings(KaspiSandbox sandbox) {
        StackSettings wiring = new StackSettings(secrets, sandbox.shopApiUrl(), sandbox.deliveryApiUrl(),
                List.of(MERCHANT), Optional.empty(), false);
        Path state = logs.resolve("state-" + System.currentTimeMillis());
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        all.put(WEBHOOK_INGRESS, StackSettings.ingress(secrets));
        all.put(WholeStack.ORDER_POLLER, wiring.poller());
        all.put(WholeStack.ORDER_COMMAND_SERVICE,
                wiring.commands(state.resolve(WholeStack.ORDER_COMMAND_SERVICE).toString(), List.of()));
        all.put(WholeStack.DELIVERY_GATEWAY, wiring.gateway(state.resolve(WholeStack.DELIVERY_GATEWAY).toString()));
        all.put(PRICELIST_PUBLISHER, wiring.publisher(state.resolve("pricelist-feeds").toString()));
        return all;
    }

    private Path jar(String module) {
        Path jar = root.resolve(Path.of(module, "target", module + "-0.1.0-SNAPSHOT-exec.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the reactor first (./benchmarks does)");
        }
        return jar;
    }

    private record Latencies(long p50, long p99, int samples) {

        static Latencies of(List<Long> millis) {
            List<Long> sorted = millis.stream().sorted().toList();
            return new Latencies(BenchmarkFigures.percentile(sorted, 50), BenchmarkFigures.percentile(sorted, 99),
                    sorted.size());
        }
    }

    private record Load(Map<String, Long> rssMax, Latencies stockToFeed, Latencies availableToFeed, String summary) {
    }

    /**
     * The catalog and its stock, then batches of orders, signed webhooks at a steady rate and stock samples one at a
     * time, all at once, while every service's resident set is read every 250 ms.
     */
    private Load load(KaspiSandbox sandbox) throws Exception {
        Map<String, Long> rssMax = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                services.forEach((name, process) -> rssMax.merge(name, process.rssMb(), Math::max));
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-rss");
        sampler.start();
        StackLoad traffic = new StackLoad(kafka, secrets, services.get(WEBHOOK_INGRESS)
                .url(WEBHOOK_PATH), services.get(PRICELIST_PUBLISHER).url("/pricelist/" + MERCHANT
                + ".xml"));
        try (RecordReader<OrderCommandResult> results = RecordReader.fromBeginning(Topics.ORDER_RESULTS.name(),
                kafka.assignedReaderProperties("bench-results"))) {
            long catalogMs = traffic.catalog(OFFERS, Clock.systemUTC());
            long started = System.nanoTime();
            traffic.startWebhooks(WEBHOOKS_PER_SECOND);
            List<Long> stockToFeed = new ArrayList<>();
            List<Long> availableToFeed = new ArrayList<>();
            SplittableRandom random = new SplittableRandom(14);
            int seeded = 0;
            long nextBatch = System.nanoTime();
            for (int i = 0; i < SAMPLES || seconds(started) < LOAD_SECONDS; i++) {
                if (seeded < ORDER_BATCHES * ORDERS_PER_BATCH && System.nanoTime() >= nextBatch) {
                    Instant now = sandbox.admin().now();
                    sandbox.admin().seedOrders(new BulkSeed(MERCHANT, ORDERS_PER_BATCH, now.minusSeconds(120), now,
                            null));
                    seeded += ORDERS_PER_BATCH;
                    nextBatch = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                }
                if (i < SAMPLES) {
                    stockToFeed.add(traffic.stockChangedToFeed(random.nextInt(OFFERS / 2), 1_000 + i));
                    Thread.sleep(random.nextInt(1_000));
                    availableToFeed.add(traffic.availableStockToFeed(OFFERS / 2 + random.nextInt(OFFERS / 2),
                            1_000 + i));
                    Thread.sleep(random.nextInt(1_000));
                } else {
                    Thread.sleep(1_000);
                }
            }
            long webhooks = traffic.stopWebhooks();
            long accepted = acceptedCount(results, seeded, Duration.ofSeconds(90));
            running.set(false);
            sampler.join();
            String summary = String.format(Locale.ROOT, "catalog of %,d offers with stock in store %s written and "
                            + "served in %,d ms; then %.0f s of load (until the last order was accepted): %,d orders seeded in %d batches 15 s apart, %,d "
                            + "accepted (OrderAccepted) by the end; %,d signed webhooks answered 2xx at %d/s offered; "
                            + "%d stock samples each way", OFFERS, STORE, catalogMs, seconds(started), seeded,
                    ORDER_BATCHES, accepted, webhooks, WEBHOOKS_PER_SECOND, SAMPLES);
            System.out.println("BENCH " + summary);
            return new Load(rssMax, Latencies.of(stockToFeed), Latencies.of(availableToFeed), summary);
        } finally {
            running.set(false);
            traffic.stopWebhooks();
        }
    }

    private static long acceptedCount(RecordReader<OrderCommandResult> results, int seeded, Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        long accepted = 0;
        while (System.nanoTime() < deadline) {
            accepted = results.records().stream().filter(r -> r.value().getPayload() instanceof OrderAccepted)
                    .count();
            if (accepted >= seeded) {
                break;
            }
            Thread.sleep(500);
        }
        return accepted;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
