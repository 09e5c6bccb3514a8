package kz.kaspibridge.pricelist.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import kz.kaspibridge.pricelist.PricelistPublisherApplication;
import kz.kaspibridge.pricelist.catalog.MerchantId;
import kz.kaspibridge.pricelist.catalog.StoreStock;
import kz.kaspibridge.pricelist.feed.Feed;
import kz.kaspibridge.pricelist.feed.ServedFeeds;
import kz.kaspibridge.schemas.catalog.AvailableStock;
import kz.kaspibridge.schemas.catalog.CityPrice;
import kz.kaspibridge.schemas.catalog.OfferEvent;
import kz.kaspibridge.schemas.catalog.OfferUpserted;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.BenchmarkFigures;
import kz.kaspibridge.testsupport.FigureSheet;
import kz.kaspibridge.testsupport.FigureSheet.Figure;
import kz.kaspibridge.testsupport.RunningService;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Not a test: the pricelist-publisher benchmark ({@code @Tag("benchmark")}, which the root pom leaves out of every
 * test run). Run it on purpose with the command in {@code docs/benchmarks.md}:
 *
 * <pre>./mvnw -B -Pbenchmark -pl pricelist-publisher -am verify -Dtest=None -Dit.test=PricelistBenchmark \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 *
 * <ul>
 *   <li><b>Rebuild:</b> in a child JVM of its own per catalog ({@link RebuildRun}, {@code -Xmx512m} unless told
 *   otherwise, so the heap figure is that of a process holding the catalog and building from it, and nothing else):
 *   100,000 offers × 3 stores, then 1,000,000 offers × 1 store. Per catalog, warm-up runs, then measured runs of the
 *   real {@code FeedPublisher.rebuild} (screen, write, sha256, XSD check, move, swap), each followed by the baseline:
 *   raw Woodstox writing the same offers in the same document to a file, nothing else. Ratio = baseline time / our
 *   time (medians). A catalog that does not fit the heap is reported as such and measured again with
 *   {@code bench.fallback-heap}.</li>
 *   <li><b>Latency:</b> the service started in this JVM ({@link RunningService}, real embedded broker and Apicurio),
 *   catalogs of {@code bench.latency.offers} offers × 3 stores written to {@code kaspi.offers} and
 *   {@code kaspi.available-stock} first; then single available-stock figures, one at a time, each sent only once the
 *   one before is served, and the time from the send until the served file ({@link ServedFeeds}, what
 *   {@code GET /pricelist/{merchant}.xml} returns) is the build that holds it. Per debounce in
 *   {@code bench.debounces} (the service restarted for each).</li>
 * </ul>
 *
 * It prints its figures ({@code BENCH} lines) and writes them to {@code pricelist-publisher/target/benchmark.md}.
 * Nothing is asserted about time.
 */
@Tag("benchmark")
class PricelistBenchmark {

    /** Catalogs of the rebuild phase, {@code offers x stores}, each in its own child JVM; empty: no rebuild phase. */
    private static final String CATALOGS = System.getProperty("bench.catalogs", "100000x3,1000000x1");
    private static final String HEAP = System.getProperty("bench.heap", "512m");
    /** The heap a catalog is measured again with when it does not fit {@link #HEAP}; empty: not measured again. */
    private static final String FALLBACK_HEAP = System.getProperty("bench.fallback-heap", "1g");
    /** The child's other JVM options: the GC of the failsafe JVM and of {@code run-local}. */
    private static final String CHILD_JVM = System.getProperty("bench.child-jvm", "-XX:+UseSerialGC");
    private static final int WARMUPS = Integer.getInteger("bench.warmups", 2);
    private static final int RUNS = Integer.getInteger("bench.runs", 5);
    /** Fewer runs for catalogs of 500,000 offers and more (a run there takes seconds). */
    private static final int LARGE_WARMUPS = Integer.getInteger("bench.large.warmups", 1);
    private static final int LARGE_RUNS = Integer.getInteger("bench.large.runs", 3);

    /** Offers of the merchants of the latency phase, 3 stores each, one merchant per size; empty: no latency phase. */
    private static final String LATENCY_OFFERS = System.getProperty("bench.latency.offers", "1000,100000");
    private static final int LATENCY_STORES = 3;
    /** The service's {@code pricelist-publisher.debounce} per latency phase; 2s is the shipped default. */
    private static final String DEBOUNCES = System.getProperty("bench.debounces", "2s,300ms");
    private static final int SAMPLES = Integer.getInteger("bench.latency.samples", 30);
    /** A random pause of up to this many ms after a figure is served, before the next is sent. */
    private static final int GAP_MS = Integer.getInteger("bench.latency.gap-ms", 500);

    private static final KafkaClientConfig CLIENT = new KafkaClientConfig(TestStack.bootstrapServers(),
            TestStack.registryUrl(), true);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The figures docs/benchmarks.md shows, gathered by ./benchmarks. */
    private static final FigureSheet SHEET = FigureSheet.start("pricelist-publisher");

    @Test
    void run() throws Exception {
        List<String> report = BenchmarkFigures.reportStart();
        report.add("this JVM: broker, service and load generator of the latency phase");
        Path work = Files.createDirectories(Path.of("target", "bench-work").toAbsolutePath());

        if (!CATALOGS.isBlank()) {
            for (String catalog : CATALOGS.split(",")) {
                String[] parts = catalog.trim().split("x");
                rebuild(report, work, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
            report.add("load average (1/5/15 min) after the rebuild phase: " + BenchmarkFigures.loadAverage());
        }
        if (!LATENCY_OFFERS.isBlank()) {
            latency(report);
        }

        report.add(BenchmarkFigures.memory("broker, service with the latency catalogs, load generator"));
        report.add("load average (1/5/15 min) at the end: " + BenchmarkFigures.loadAverage()
                + " (other builds share these cores: compare runs on a quiet machine)");
        report.forEach(line -> System.out.println("BENCH " + line));
        Files.writeString(Path.of("target", "benchmark.md"), String.join("\n", report) + "\n");
        SHEET.note("rebuilds in a child JVM per catalog (-Xmx" + HEAP + " " + CHILD_JVM + "); latency in the failsafe "
                + "JVM with the broker; " + BenchmarkFigures.memory("broker, service, load generator"));
        SHEET.write();
    }

    // The rebuild phase.

    private static void rebuild(List<String> report, Path work, int offers, int stores) throws Exception {
        boolean large = offers >= 500_000;
        int warmups = large ? LARGE_WARMUPS : WARMUPS;
        int runs = large ? LARGE_RUNS : RUNS;
        String label = String.format(Locale.ROOT, "%,d offers × %d store%s", offers, stores, stores == 1 ? "" : "s");
        Map<String, String> f = child(work, offers, stores, warmups, runs, HEAP);
        String heap = HEAP;
        if (f.containsKey("failure")) {
            SHEET.add(Figure.info("feed rebuild, " + label + ": fits -Xmx" + HEAP, Double.NaN, "no: out of memory")
                    .target("fits", false));
            report.add(String.format(Locale.ROOT, "rebuild, %s, -Xmx%s: DID NOT FIT: %s (after: %s)", label, HEAP,
                    f.get("failure"), f.containsKey("catalog-retained-mb")
                            ? "catalog built, " + f.get("catalog-retained-mb") + " MB retained"
                            : "while building the catalog"));
            if (FALLBACK_HEAP.isBlank()) {
                return;
            }
            heap = FALLBACK_HEAP;
            f = child(work, offers, stores, warmups, runs, FALLBACK_HEAP);
            if (f.containsKey("failure")) {
                report.add(String.format(Locale.ROOT, "rebuild, %s, -Xmx%s: FAILED too: %s", label, heap,
                        f.get("failure")));
                return;
            }
        }
        double ours = Double.parseDouble(f.get("ours-median-ms"));
        double raw = Double.parseDouble(f.get("baseline-median-ms"));
        double ratio = raw / ours;
        long bytes = Long.parseLong(f.get("ours-bytes"));
        report.add(String.format(Locale.ROOT, "rebuild, %s, child JVM -Xmx%s %s (%s MB usable): %s warm-up + %s "
                        + "measured runs", label, heap, CHILD_JVM, f.get("max-heap-mb"), f.get("warmups"),
                f.get("runs")));
        report.add(String.format(Locale.ROOT, "  FeedPublisher.rebuild (screen + write + sha256 + XSD check + move + "
                        + "swap): median %,.0f ms, best %,.0f ms (runs %s ms); %,.0f offers/s; %s offers in the file, "
                        + "%s excluded; %,d bytes (%.1f MB)", ours, Double.parseDouble(f.get("ours-best-ms")),
                f.get("ours-ms"), offers / (ours / 1000), f.get("ours-offers"), f.get("ours-excluded"), bytes,
                bytes / 1e6));
        report.add(String.format(Locale.ROOT, "  baseline, raw Woodstox writing the same offers (same run, "
                        + "alternating): median %,.0f ms, best %,.0f ms (runs %s ms); %,d bytes", raw,
                Double.parseDouble(f.get("baseline-best-ms")), f.get("baseline-ms"),
                Long.parseLong(f.get("baseline-bytes"))));
        Figure time = Figure.info("feed rebuild, " + label + ", median (-Xmx" + heap + ")", ours, "ms")
                .against("raw Woodstox, same offers", raw, ratio);
        SHEET.add(offers >= 1_000_000 ? time.target("≤ 5,000 ms", ours <= 5_000) : time);
        SHEET.add(Figure.info("feed rebuild ratio, " + label, ratio, "").target("≥ 0.5", ratio >= 0.5));
        report.add(String.format(Locale.ROOT, "  ratio baseline / rebuild: %.2f (target >= 0.5: %s)", ratio,
                ratio >= 0.5 ? "met" : "MISSED"));
        report.add(String.format(Locale.ROOT, "  where the time goes (medians, measured apart on the same JVM): "
                        + "screen + write + sha256 %s ms, XSD check of the written file %s ms",
                round(f.get("write-hash-median-ms")), round(f.get("schema-check-median-ms"))));
        long retained = Long.parseLong(f.get("catalog-retained-mb"));
        long live = Long.parseLong(f.get("live-during-rebuild-max-mb"));
        report.add(String.format(Locale.ROOT, "  heap: the catalog retains %,d MB after a full GC (%,d bytes per "
                        + "offer; built in %s ms); during a rebuild: peak in use %s MB (sum of the heap pools' peaks, "
                        + "garbage not yet collected included; per run %s); live at most %,d MB, so %,d MB of the "
                        + "rebuild's own on top of the catalog (an extra, untimed run with a full GC every 100 ms, %s "
                        + "samples); allocated %s MB per run; %s collections taking %s ms per run", retained,
                (retained << 20) / offers, f.get("catalog-build-ms"), f.get("peak-heap-max-mb"), f.get("peak-heap-mb"),
                live, live - retained, f.get("live-samples"), f.get("allocated-mb"), f.get("gc-count"),
                f.get("gc-ms")));
        if (offers >= 1_000_000) {
            boolean fits = heap.equals(HEAP) && HEAP.equalsIgnoreCase("512m");
            report.add(String.format(Locale.ROOT, "  target 1M offers < 5 s with < 512 MB heap: time %s; heap %s",
                    ours < 5_000 ? "met" : "MISSED (" + String.format(Locale.ROOT, "%,.0f ms", ours) + ")",
                    fits ? "met (ran in -Xmx512m)" : heap.equals(HEAP) ? "not judged (ran in -Xmx" + HEAP + ")"
                            : "MISSED (did not fit -Xmx" + HEAP + ")"));
        }
    }

    /** Runs {@link RebuildRun} in a JVM of its own and returns its figures; "failure" if it did not finish. */
    private static Map<String, String> child(Path work, int offers, int stores, int warmups, int runs, String heap)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        for (String option : CHILD_JVM.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), RebuildRun.class.getName(),
                offers + "x" + stores, Integer.toString(offers), Integer.toString(stores), Integer.toString(warmups),
                Integer.toString(runs), work.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, String> figures = new LinkedHashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println("[rebuild " + offers + "x" + stores + " -Xmx" + heap + "] " + line);
                if (line.startsWith("FIGURE ")) {
                    String[] parts = line.substring(7).split(" ", 2);
                    figures.put(parts[0], parts.length > 1 ? parts[1] : "");
                }
            }
        }
        if (!process.waitFor(20, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            figures.put("failure", "timed out");
        } else if (process.exitValue() != 0) {
            figures.putIfAbsent("failure", "exit code " + process.exitValue());
        }
        return figures;
    }

    private static String round(String millis) {
        return millis == null ? "n/a" : String.format(Locale.ROOT, "%,.0f", Double.parseDouble(millis));
    }

    // The latency phase.

    private record Merchant(String id, int offers) {
    }

    private static void latency(List<String> report) throws Exception {
        TestTopics.create(TestStack.bootstrapServers(), List.of(Topics.OFFERS.toNewTopic((short) 1),
                Topics.AVAILABLE_STOCK.toNewTopic((short) 1)));
        List<Merchant> merchants = new ArrayList<>();
        for (String offers : LATENCY_OFFERS.split(",")) {
            int count = Integer.parseInt(offers.trim());
            merchants.add(new Merchant("bench-" + count + "-" + UUID.randomUUID().toString().substring(0, 8), count));
        }
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(CLIENT.producerProperties())) {
            long start = System.nanoTime();
            long records = 0;
            for (Merchant merchant : merchants) {
                records += load(producer, merchant);
            }
            producer.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            report.add(String.format(Locale.ROOT, "latency catalogs written: %s offers × %d stores (%,d records on "
                            + "kaspi.offers and kaspi.available-stock) in %.1f s", LATENCY_OFFERS, LATENCY_STORES,
                    records, seconds));

            SplittableRandom random = new SplittableRandom(7);
            int[] next = {1_000};
            for (String debounce : DEBOUNCES.split(",")) {
                phase(report, producer, merchants, debounce.trim(), random, next);
            }
        }
    }

    private static long load(KafkaProducer<String, SpecificRecord> producer, Merchant merchant) {
        long records = 0;
        for (int i = 0; i < merchant.offers(); i++) {
            BenchData.Item item = BenchData.item(11, i, LATENCY_STORES);
            Instant at = BenchData.FIRST_CHANGE.plusMillis(i);
            var offer = item.offer();
            OfferUpserted upserted = OfferUpserted.newBuilder().setModel(offer.model()).setBrand(offer.brand())
                    .setPrice(offer.price()).setCityPrices(offer.cityPrices().stream()
                            .map(c -> new CityPrice(c.cityId(), c.price())).toList()).build();
            producer.send(new ProducerRecord<>(Topics.OFFERS.name(), merchant.id() + "|" + offer.sku(),
                    OfferEvent.newBuilder().setMetadata(metadata(merchant.id(), at)).setSku(offer.sku())
                            .setPayload(upserted).build()));
            records++;
            for (StoreStock store : item.stores()) {
                producer.send(stock(merchant.id(), offer.sku(), store, at));
                records++;
            }
        }
        return records;
    }

    private static ProducerRecord<String, SpecificRecord> stock(String merchant, String sku, StoreStock store,
                                                                Instant at) {
        return new ProducerRecord<>(Topics.AVAILABLE_STOCK.name(), merchant + "|" + store.storeId() + "|" + sku,
                AvailableStock.newBuilder().setMetadata(metadata(merchant, at)).setSku(sku)
                        .setStoreId(store.storeId()).setStockCount(store.stockCount())
                        .setStoreAvailable(store.available()).setPreOrder(store.preOrder())
                        .setReportedCount(store.stockCount()).setReportedAt(at).setReservedUnits(0).build());
    }

    private static EventMetadata metadata(String merchant, Instant at) {
        String id = UUID.randomUUID().toString();
        return EventMetadata.newBuilder().setEventId(id).setOccurredAt(at).setMerchantId(merchant)
                .setCorrelationId(id).build();
    }

    /** The service started with {@code debounce}, then the samples of every merchant, one merchant after another. */
    private static void phase(List<String> report, KafkaProducer<String, SpecificRecord> producer,
                              List<Merchant> merchants, String debounce, SplittableRandom random, int[] next)
            throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("pricelist-publisher.feed-dir", Files.createTempDirectory("pricelist-bench-feeds").toString());
        props.put("pricelist-publisher.debounce", debounce);
        long started = System.nanoTime();
        try (RunningService service = RunningService.start(PricelistPublisherApplication.class, props)) {
            ServedFeeds served = service.bean(ServedFeeds.class);
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!served.caughtUp() || merchants.stream().anyMatch(m -> served.feed(new MerchantId(m.id()))
                    .isEmpty())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the service did not catch up in 5 minutes");
                }
                Thread.sleep(20);
            }
            report.add(String.format(Locale.ROOT, "latency, debounce %s: service start-up until the catalog was "
                    + "read and every file built: %.1f s", debounce, (System.nanoTime() - started) / 1e9));
            long debounceMs = debounce.endsWith("ms")
                    ? Long.parseLong(debounce.substring(0, debounce.length() - 2))
                    : Duration.parse("PT" + debounce.toUpperCase(Locale.ROOT)).toMillis();
            for (Merchant merchant : merchants) {
                samples(report, service, producer, merchant, debounce, debounceMs, random, next);
            }
        }
    }

    private static void samples(List<String> report, RunningService service,
                                KafkaProducer<String, SpecificRecord> producer, Merchant merchant, String debounce,
                                long debounceMs, SplittableRandom random, int[] next) throws Exception {
        ServedFeeds served = service.bean(ServedFeeds.class);
        MerchantId id = new MerchantId(merchant.id());
        MeterRegistry meters = service.bean(MeterRegistry.class);
        double buildMsBefore = buildMillis(meters, merchant.id());
        long buildsBefore = builds(meters, merchant.id());
        List<Long> latencies = new ArrayList<>();
        int wrong = 0;
        for (int i = 0; i < SAMPLES; i++) {
            int index = random.nextInt(merchant.offers());
            String sku = BenchData.sku(index);
            StoreStock figure = new StoreStock(BenchData.storeId(random.nextInt(LATENCY_STORES)), next[0]++, true, 0);
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            long sent = System.nanoTime();
            producer.send(stock(merchant.id(), sku, figure, at));
            producer.flush();
            Feed feed;
            long deadline = sent + Duration.ofSeconds(60).toNanos();
            while (true) {
                feed = served.feed(id).orElse(null);
                // The file's newest fact is the figure's time once the build that read it is served.
                if (feed != null && !feed.lastModified().isBefore(at)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("figure " + i + " of " + merchant.id() + " not served in 60 s");
                }
                LockSupport.parkNanos(1_000_000);
            }
            latencies.add((System.nanoTime() - sent) / 1_000_000);
            if (!shows(feed.file(), sku, figure)) {
                wrong++;
            }
            Thread.sleep(random.nextInt(GAP_MS + 1));
        }
        long builds = builds(meters, merchant.id()) - buildsBefore;
        double buildMs = (buildMillis(meters, merchant.id()) - buildMsBefore) / Math.max(1, builds);
        // What Kaspi's pull gets: the last build, by its ETag.
        Feed last = served.feed(id).orElseThrow();
        HttpResponse<Void> conditional = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + service.port() + "/pricelist/" + merchant.id() + ".xml"))
                .header("If-None-Match", last.etag()).GET().build(), HttpResponse.BodyHandlers.discarding());
        List<Long> sorted = latencies.stream().sorted().toList();
        long p99 = BenchmarkFigures.percentile(sorted, 99);
        long target = debounceMs + 500;
        SHEET.add(Figure.atMost(String.format(Locale.ROOT, "available stock -> feed served p99, %,d offers × %d stores, "
                + "debounce %s", merchant.offers(), LATENCY_STORES, debounce), p99, "ms", target));
        report.add(String.format(Locale.ROOT, "  stock change -> new file served, %,d offers × %d stores (%,d bytes), "
                        + "debounce %s, %d changes one at a time: p50 %,d ms, p99 %,d ms, max %,d ms (target p99 <= "
                        + "debounce + 500 ms = %,d ms: %s); %d builds, mean build %.0f ms; %d files without the "
                        + "figure; GET with the served ETag: %d", merchant.offers(), LATENCY_STORES, last.bytes(),
                debounce, SAMPLES, BenchmarkFigures.percentile(sorted, 50), p99, sorted.get(sorted.size() - 1),
                target, p99 <= target ? "met" : "MISSED", builds, buildMs, wrong, conditional.statusCode()));
    }

    /** Whether the file's offer {@code sku} lists {@code figure} for its store. */
    private static boolean shows(Path file, String sku, StoreStock figure) throws IOException {
        String xml = Files.readString(file);
        int offer = xml.indexOf("sku=\"" + sku + "\"");
        if (offer < 0) {
            return false;
        }
        int end = xml.indexOf("</offer>", offer);
        int at = xml.indexOf("storeId=\"" + figure.storeId() + "\" preOrder=\"0\" stockCount=\""
                + figure.stockCount() + "\"", offer);
        return at > 0 && at < end;
    }

    private static long builds(MeterRegistry meters, String merchant) {
        return meters.find("kaspi.pricelist.rebuild").tag("merchant", merchant).timers().stream()
                .mapToLong(Timer::count).sum();
    }

    private static double buildMillis(MeterRegistry meters, String merchant) {
        return meters.find("kaspi.pricelist.rebuild").tag("merchant", merchant).timers().stream()
                .mapToDouble(t -> t.totalTime(TimeUnit.MILLISECONDS)).sum();
    }
}
