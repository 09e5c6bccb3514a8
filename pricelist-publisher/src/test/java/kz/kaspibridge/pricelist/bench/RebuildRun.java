package kz.kaspibridge.pricelist.bench;

import com.ctc.wstx.stax.WstxOutputFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import kz.kaspibridge.pricelist.catalog.CatalogEntry;
import kz.kaspibridge.pricelist.catalog.CityPrice;
import kz.kaspibridge.pricelist.catalog.MerchantCatalog;
import kz.kaspibridge.pricelist.catalog.Offer;
import kz.kaspibridge.pricelist.catalog.MerchantId;
import kz.kaspibridge.pricelist.catalog.StoreStock;
import kz.kaspibridge.pricelist.feed.Feed;
import kz.kaspibridge.pricelist.feed.FeedPublisher;
import kz.kaspibridge.pricelist.feed.FeedSchema;
import kz.kaspibridge.pricelist.feed.FeedWriter;
import kz.kaspibridge.pricelist.feed.ServedFeeds;

/**
 * One rebuild measurement, run by {@link PricelistBenchmark} in a JVM of its own (so the heap limit it is given is
 * the heap the catalog and the builds share, and nothing else is in it): builds a catalog, then alternates the real
 * {@link FeedPublisher#rebuild} with the raw Woodstox baseline over the same offers, and prints each figure as a
 * {@code FIGURE <name> <value>} line.
 *
 * <p>Arguments: label, offers, stores per sku, warm-up runs, measured runs, work directory.
 */
public final class RebuildRun {

    private static final String NAMESPACE = FeedWriter.NAMESPACE;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final ZoneId ZONE = ZoneId.of("Asia/Almaty");
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    private static final String COMPANY = "ТОО «Бенчмарк & Ко»";

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isValid()).toList();

    public static void main(String[] args) {
        try {
            new RebuildRun().run(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                    Integer.parseInt(args[3]), Integer.parseInt(args[4]), Path.of(args[5]));
            System.exit(0);
        } catch (OutOfMemoryError e) {
            // The figures printed so far stand; the parent reports the heap as too small.
            System.out.println("FIGURE failure OutOfMemoryError: " + e.getMessage());
            System.exit(3);
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            System.out.println("FIGURE failure " + e);
            System.exit(2);
        }
    }

    private void run(String label, int offers, int stores, int warmups, int runs, Path work) throws Exception {
        figure("label", label);
        figure("jvm", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X")).toList().toString());
        figure("max-heap-mb", Runtime.getRuntime().maxMemory() >> 20);
        Path feeds = work.resolve("feeds-" + label);
        Path raw = work.resolve("raw-" + label + ".xml");
        clean(feeds);

        // The catalog, and what it retains once built.
        long before = usedAfterGc();
        long buildStart = System.nanoTime();
        MerchantId merchant = new MerchantId("bench-" + label);
        MerchantCatalog catalog = BenchData.catalog(merchant, 42, offers, stores);
        figure("catalog-build-ms", (System.nanoTime() - buildStart) / 1_000_000);
        figure("catalog-retained-mb", mb(usedAfterGc() - before));
        figure("offers", catalog.offerCount());

        ServedFeeds served = new ServedFeeds();
        FeedPublisher publisher = new FeedPublisher(feeds, new FeedWriter(ZONE), FeedSchema.load(),
                m -> COMPANY, served, feed -> { }, new SimpleMeterRegistry(), Clock.systemUTC(), 1_000);
        WstxOutputFactory rawFactory = new WstxOutputFactory();
        String firstSku = BenchData.sku(0);
        int[] change = {0};
        Runnable changeOne = () -> {
            // One store figure moved, as a stock change does: every build is a new file, published and swapped in.
            change[0]++;
            catalog.stock(firstSku, new StoreStock(BenchData.storeId(0), 500 + change[0], true, 0),
                    BenchData.FIRST_CHANGE.plusSeconds(3_600 + change[0]));
        };

        for (int i = 0; i < warmups; i++) {
            changeOne.run();
            timedRebuild(publisher, catalog);
            timedRaw(rawFactory, catalog, raw);
        }

        List<Long> ours = new ArrayList<>();
        List<Long> baseline = new ArrayList<>();
        List<Long> peaks = new ArrayList<>();
        List<Long> allocated = new ArrayList<>();
        List<Long> gcMillis = new ArrayList<>();
        List<Long> gcCounts = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            changeOne.run();
            // The heap figures of a build: from a collected heap (the catalog and little else), peaks reset.
            usedAfterGc();
            heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
            long gcTimeBefore = gcTime();
            long gcCountBefore = gcCount();
            long allocatedBefore = allocatedBytes();
            long nanos = timedRebuild(publisher, catalog);
            allocated.add(allocatedBytes() - allocatedBefore);
            gcMillis.add(gcTime() - gcTimeBefore);
            gcCounts.add(gcCount() - gcCountBefore);
            long peak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            peaks.add(peak);
            ours.add(nanos);
            usedAfterGc(); // the baseline starts from a collected heap too
            baseline.add(timedRaw(rawFactory, catalog, raw));
        }
        Feed feed = served.feed(merchant).orElseThrow();
        // The live heap of a build: one more, untimed, with a full collection every 100 ms.
        changeOne.run();
        long[] live = liveDuring(() -> timedRebuild(publisher, catalog));
        figure("runs", runs);
        figure("warmups", warmups);
        figure("ours-ms", millis(ours));
        figure("baseline-ms", millis(baseline));
        figure("ours-median-ms", median(ours) / 1e6);
        figure("ours-best-ms", best(ours) / 1e6);
        figure("baseline-median-ms", median(baseline) / 1e6);
        figure("baseline-best-ms", best(baseline) / 1e6);
        figure("ours-bytes", feed.bytes());
        figure("ours-offers", feed.offers());
        figure("ours-excluded", feed.excluded());
        figure("baseline-bytes", Files.size(raw));
        figure("peak-heap-mb", mbList(peaks));
        figure("peak-heap-max-mb", mb(peaks.stream().mapToLong(Long::longValue).max().orElse(0)));
        figure("live-during-rebuild-max-mb", mb(live[0]));
        figure("live-samples", live[1]);
        figure("allocated-mb", mbList(allocated));
        figure("gc-ms", gcMillis.toString());
        figure("gc-count", gcCounts.toString());

        // Where a build's time goes, measured apart on the same warm JVM: screen + write + sha256 to a file, then
        // the schema check of that file alone.
        FeedSchema schema = FeedSchema.load();
        FeedWriter writer = new FeedWriter(ZONE);
        Path written = work.resolve("written-" + label + ".xml");
        List<Long> writes = new ArrayList<>();
        List<Long> checks = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(written),
                    1 << 16), sha256)) {
                writer.write(new FeedWriter.Header(COMPANY, merchant.value(), catalog.lastChange()),
                        catalog, out, offer -> { });
            }
            sha256.digest();
            writes.add(System.nanoTime() - start);
            start = System.nanoTime();
            if (schema.problem(written).isPresent()) {
                throw new IllegalStateException("the written file fails the schema: " + schema.problem(written));
            }
            checks.add(System.nanoTime() - start);
        }
        figure("write-hash-median-ms", median(writes) / 1e6);
        figure("schema-check-median-ms", median(checks) / 1e6);
        Files.deleteIfExists(written);
        Files.deleteIfExists(raw);
        clean(feeds);
    }

    private static long timedRebuild(FeedPublisher publisher, MerchantCatalog catalog) {
        long start = System.nanoTime();
        FeedPublisher.Outcome outcome = publisher.rebuild(catalog);
        long nanos = System.nanoTime() - start;
        if (outcome != FeedPublisher.Outcome.PUBLISHED) {
            throw new IllegalStateException("rebuild ended " + outcome);
        }
        return nanos;
    }

    /**
     * The baseline: the same offers, in the same document structure, written with a bare {@link WstxOutputFactory}
     * to a buffered file. No screening, no hashing, no schema check, no move or swap.
     */
    private static long timedRaw(WstxOutputFactory factory, MerchantCatalog catalog, Path file) throws Exception {
        long start = System.nanoTime();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            XMLStreamWriter xml = factory.createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("utf-8", "1.0");
            xml.writeCharacters("\n");
            xml.setDefaultNamespace(NAMESPACE);
            xml.writeStartElement(NAMESPACE, "kaspi_catalog");
            xml.writeDefaultNamespace(NAMESPACE);
            xml.writeNamespace("xsi", XSI);
            xml.writeAttribute(XSI, "schemaLocation", FeedWriter.SCHEMA_LOCATION);
            xml.writeAttribute("date", DATE.format(catalog.lastChange().atZone(ZONE)));
            xml.writeCharacters("\n");
            rawElement(xml, "company", COMPANY);
            rawElement(xml, "merchantid", catalog.merchant().value());
            xml.writeStartElement(NAMESPACE, "offers");
            xml.writeCharacters("\n");
            for (CatalogEntry entry : catalog.entries()) {
                Offer offer = entry.offer();
                StoreStock[] stores = entry.stores();
                xml.writeStartElement(NAMESPACE, "offer");
                xml.writeAttribute("sku", offer.sku());
                rawElement(xml, "model", offer.model());
                rawElement(xml, "brand", offer.brand());
                xml.writeStartElement(NAMESPACE, "availabilities");
                for (StoreStock store : stores) {
                    xml.writeEmptyElement(NAMESPACE, "availability");
                    xml.writeAttribute("available", store.sellable() ? "yes" : "no");
                    xml.writeAttribute("storeId", store.storeId());
                    xml.writeAttribute("preOrder", Integer.toString(store.preOrder()));
                    xml.writeAttribute("stockCount", Integer.toString(store.stockCount()));
                }
                xml.writeEndElement();
                if (offer.price() != null) {
                    rawElement(xml, "price", Long.toString(offer.price()));
                } else {
                    xml.writeStartElement(NAMESPACE, "cityprices");
                    for (CityPrice city : offer.cityPrices()) {
                        xml.writeStartElement(NAMESPACE, "cityprice");
                        xml.writeAttribute("cityId", city.cityId());
                        xml.writeCharacters(Long.toString(city.price()));
                        xml.writeEndElement();
                    }
                    xml.writeEndElement();
                }
                xml.writeEndElement();
                xml.writeCharacters("\n");
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        }
        return System.nanoTime() - start;
    }

    private static void rawElement(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(NAMESPACE, name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    /**
     * Runs {@code build} while another thread forces a full collection (SerialGC: stop the world, everything
     * unreachable freed) every 100 ms and reads the heap in use right after it: the highest reading, and how many.
     */
    private long[] liveDuring(Runnable build) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong highest = new AtomicLong();
        AtomicLong samples = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                System.gc();
                highest.accumulateAndGet(heapPools.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum(),
                        Math::max);
                samples.incrementAndGet();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "live-heap-sampler");
        sampler.start();
        try {
            build.run();
        } finally {
            running.set(false);
            sampler.join();
        }
        return new long[] {highest.get(), samples.get()};
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcTime() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return heapPools.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
    }

    private static void clean(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static long best(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).min().orElse(-1);
    }

    private static String millis(List<Long> nanos) {
        return nanos.stream().map(n -> String.format(Locale.ROOT, "%.0f", n / 1e6)).toList().toString();
    }

    private static long mb(long bytes) {
        return bytes >> 20;
    }

    private static String mbList(List<Long> bytes) {
        return bytes.stream().map(RebuildRun::mb).toList().toString();
    }

    private static void figure(String name, Object value) {
        System.out.println("FIGURE " + name + " " + value);
        System.out.flush();
    }
}
