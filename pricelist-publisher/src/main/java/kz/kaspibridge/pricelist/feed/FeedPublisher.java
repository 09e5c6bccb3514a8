package kz.kaspibridge.pricelist.feed;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.xml.stream.XMLStreamException;
import kz.kaspibridge.pricelist.catalog.MerchantCatalog;
import kz.kaspibridge.pricelist.catalog.MerchantId;
import kz.kaspibridge.pricelist.catalog.OfferRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Builds one merchant's file and, if it is valid and new, serves it: write it streamed to a temporary file
 * (hashing as it goes), check the bytes against the shipped XSD, move it to its content-addressed name and swap
 * it in, then announce it. An invalid file is deleted unserved: the last good one stays, and the metric, the log
 * and the report say why.
 */
public final class FeedPublisher {

    private static final Logger log = LoggerFactory.getLogger(FeedPublisher.class);
    private static final int LOGGED_EXCLUSIONS = 20;

    /** How a build ended: the metric's {@code outcome} tag. */
    public enum Outcome {
        PUBLISHED, UNCHANGED, INVALID, FAILED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where a new file is announced ({@code PricelistPublished}); a port, so a build needs no broker in tests. */
    public interface Announcements {
        void announce(Feed feed);
    }

    private final Path directory;
    private final FeedWriter writer;
    private final FeedSchema schema;
    private final Function<MerchantId, String> companies;
    private final ServedFeeds served;
    private final Announcements announcements;
    private final FeedMetrics metrics;
    private final Clock clock;
    private final int reportLimit;
    private final Map<MerchantId, Path> previous = new HashMap<>();

    public FeedPublisher(Path directory, FeedWriter writer, FeedSchema schema, Function<MerchantId, String> companies,
                         ServedFeeds served, Announcements announcements, MeterRegistry meters, Clock clock,
                         int reportLimit) {
        this.directory = directory;
        this.writer = writer;
        this.schema = schema;
        this.companies = companies;
        this.served = served;
        this.announcements = announcements;
        this.metrics = new FeedMetrics(meters, served, clock);
        this.clock = clock;
        this.reportLimit = reportLimit;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the feed directory " + directory, e);
        }
    }

    /** Builds {@code catalog}'s file from everything read so far. */
    public Outcome rebuild(MerchantCatalog catalog) {
        MerchantId merchant = catalog.merchant();
        metrics.track(merchant);
        Timer.Sample sample = Timer.start();
        Outcome outcome;
        MDC.put("merchantId", merchant.value());
        try {
            outcome = build(catalog);
        } catch (IOException | XMLStreamException | UncheckedIOException e) {
            // A full disk or a writer bug: the served file stays; the next change tries again.
            log.error("price list build failed for merchant {}; the last good file stays served", merchant, e);
            failed(merchant, "build failed: " + e.getMessage());
            outcome = Outcome.FAILED;
        } finally {
            MDC.remove("merchantId");
        }
        metrics.built(merchant, outcome.tag(), sample);
        return outcome;
    }

    private Outcome build(MerchantCatalog catalog) throws IOException, XMLStreamException {
        MerchantId merchant = catalog.merchant();
        Path temporary = Files.createTempFile(directory, "build-", ".tmp");
        List<ExcludedOffer> listed = new ArrayList<>();
        FeedWriter.Written written;
        MessageDigest sha256 = sha256();
        try {
            try (OutputStream out = new DigestOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16), sha256)) {
                written = writer.write(new FeedWriter.Header(companies.apply(merchant), merchant.value(),
                        catalog.lastChange()), catalog, out, offer -> {
                            if (listed.size() < reportLimit) {
                                listed.add(offer);
                            }
                        });
            }
            logExclusions(merchant, listed, written);
            Map<String, Integer> byRule = written.excludedByRule().entrySet().stream().collect(Collectors.toMap(
                    e -> e.getKey().code(), Map.Entry::getValue, Integer::sum, TreeMap::new));
            metrics.excluded(merchant, written.excludedByRule());

            Optional<String> problem = schema.problem(temporary);
            Instant now = clock.instant();
            Optional<Feed> current = served.feed(merchant);
            if (problem.isPresent()) {
                log.error("price list for merchant {} fails the schema and is not served ({}); the last good file "
                        + "stays", merchant, problem.get());
                served.put(new FeedReport(merchant, current.orElse(null), listed, written.excluded(), byRule, now,
                        "the file fails the schema: " + problem.get()));
                return Outcome.INVALID;
            }
            String hash = HexFormat.of().formatHex(sha256.digest());
            long bytes = Files.size(temporary);
            if (current.isPresent() && current.get().sha256().equals(hash)) {
                served.put(new FeedReport(merchant, current.get(), listed, written.excluded(), byRule, now, null));
                served.upToDate(merchant);
                return Outcome.UNCHANGED;
            }
            Path file = directory.resolve(fileName(merchant, hash));
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Feed feed = new Feed(merchant, file, hash, bytes, written.offers(), written.excluded(),
                    catalog.lastChange(), now);
            served.put(new FeedReport(merchant, feed, listed, written.excluded(), byRule, now, null));
            served.upToDate(merchant);
            // The file before the one just replaced goes: a request that was handed the one just replaced may
            // not have opened it yet, and has until the next build to do so.
            Path replaced = current.map(Feed::file).filter(old -> !old.equals(file)).orElse(null);
            if (previous.containsKey(merchant) && !previous.get(merchant).equals(file)) {
                deleteQuietly(previous.get(merchant));
            }
            if (replaced != null) {
                previous.put(merchant, replaced);
            }
            log.info("price list for merchant {} published: {} offers, {} excluded, {} bytes, sha256 {}", merchant,
                    feed.offers(), feed.excluded(), bytes, hash);
            metrics.published(feed);
            announcements.announce(feed);
            return Outcome.PUBLISHED;
        } finally {
            deleteQuietly(temporary);
        }
    }

    private void failed(MerchantId merchant, String reason) {
        Optional<FeedReport> last = served.report(merchant);
        served.put(new FeedReport(merchant, last.map(FeedReport::served).orElse(null),
                last.map(FeedReport::excluded).orElse(List.of()), last.map(FeedReport::excludedCount).orElse(0),
                last.map(FeedReport::excludedByRule).orElse(Map.of()), clock.instant(), reason));
    }

    /** Names the first offers left out and their rules; the report lists them all (up to its limit). */
    private static void logExclusions(MerchantId merchant, List<ExcludedOffer> listed, FeedWriter.Written written) {
        if (written.excluded() == 0) {
            return;
        }
        listed.stream().limit(LOGGED_EXCLUSIONS).forEach(offer -> log.warn("offer {} of merchant {} left out of the "
                + "price list: {}", offer.sku(), merchant, offer.violations().stream()
                .map(v -> v.rule().code() + " (" + v.detail() + ")").collect(Collectors.joining(", "))));
        Map<OfferRule, Integer> byRule = written.excludedByRule();
        log.warn("{} offers of merchant {} left out of the price list, by rule {}; see GET /pricelist/{}/report",
                written.excluded(), merchant, byRule, merchant);
    }

    /** Files are named by merchant and content; anything but safe characters in a merchant id becomes '_'. */
    static String fileName(MerchantId merchant, String sha256) {
        return merchant.value().replaceAll("[^A-Za-z0-9_-]", "_") + "-" + sha256 + ".xml";
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", file, e.toString());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
