package kz.kaspibridge.pricelist.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import kz.kaspibridge.pricelist.catalog.MerchantCatalog;
import kz.kaspibridge.pricelist.catalog.MerchantId;
import kz.kaspibridge.pricelist.catalog.Offer;
import kz.kaspibridge.pricelist.catalog.StoreStock;
import kz.kaspibridge.testsupport.HandClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build pipeline on a real file system, without Kafka: write, check, swap, announce. */
class FeedPublisherTest {

    private static final MerchantId M1 = new MerchantId("m1");
    private static final Instant T = Instant.parse("2026-12-06T04:00:00Z");

    @TempDir
    Path directory;

    private final ServedFeeds served = new ServedFeeds();
    private final List<Feed> announced = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final HandClock clock = new HandClock(T);
    private String company = "Shop & Co";

    private FeedPublisher publisher() {
        return new FeedPublisher(directory, new FeedWriter(ZoneId.of("Asia/Almaty")), FeedSchema.load(),
                merchant -> company, served, announced::add, meters, clock, 2);
    }

    private static MerchantCatalog catalog() {
        MerchantCatalog catalog = new MerchantCatalog(M1);
        catalog.upsert(new Offer("A1", "Чайник", "Bosch", 15_000L, List.of()), T);
        catalog.stock("A1", new StoreStock("PP1", 3, true, 0), T);
        return catalog;
    }

    @Test
    void aValidNewFileIsServedUnderItsHashAnnouncedOnceAndAnUnchangedOneIsNotAnnouncedAgain() throws Exception {
        FeedPublisher publisher = publisher();
        MerchantCatalog catalog = catalog();

        assertThat(publisher.rebuild(catalog)).isEqualTo(FeedPublisher.Outcome.PUBLISHED);
        Feed feed = served.feed(M1).orElseThrow();
        byte[] bytes = Files.readAllBytes(feed.file());
        assertThat(feed.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(bytes)));
        assertThat(feed.bytes()).isEqualTo(bytes.length);
        assertThat(feed.file().getFileName().toString()).isEqualTo("m1-" + feed.sha256() + ".xml");
        assertThat(feed.lastModified()).isEqualTo(T);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("date=\"2026-12-06T09:00:00\"")
                .contains("<company>Shop &amp; Co</company>");
        assertThat(announced).containsExactly(feed);

        clock.advance(java.time.Duration.ofMinutes(1));
        assertThat(publisher.rebuild(catalog)).isEqualTo(FeedPublisher.Outcome.UNCHANGED);
        assertThat(announced).hasSize(1);
        assertThat(served.feed(M1)).contains(feed);
        assertThat(filesIn(directory)).containsExactly(feed.file().getFileName().toString());
    }

    @Test
    void aNewFileReplacesTheOldOneWhichIsKeptUntilTheNextBuildForRequestsAlreadyHandedIt() throws IOException {
        FeedPublisher publisher = publisher();
        MerchantCatalog catalog = catalog();
        publisher.rebuild(catalog);
        Feed first = served.feed(M1).orElseThrow();

        catalog.stock("A1", new StoreStock("PP1", 0, true, 0), T.plusSeconds(1));
        assertThat(publisher.rebuild(catalog)).isEqualTo(FeedPublisher.Outcome.PUBLISHED);
        Feed second = served.feed(M1).orElseThrow();
        assertThat(second.sha256()).isNotEqualTo(first.sha256());
        assertThat(Files.readString(second.file())).contains("available=\"no\"");
        assertThat(filesIn(directory)).containsExactlyInAnyOrder(name(first), name(second));

        catalog.stock("A1", new StoreStock("PP1", 9, true, 0), T.plusSeconds(2));
        publisher.rebuild(catalog);
        Feed third = served.feed(M1).orElseThrow();
        assertThat(filesIn(directory)).containsExactlyInAnyOrder(name(second), name(third));
        assertThat(announced).containsExactly(first, second, third);
    }

    private static String name(Feed feed) {
        return feed.file().getFileName().toString();
    }

    @Test
    void aFileThatFailsTheSchemaIsNeverServedTheLastGoodOneStaysAndTheReportSaysWhy() throws IOException {
        FeedPublisher publisher = publisher();
        MerchantCatalog catalog = catalog();
        publisher.rebuild(catalog);
        Feed good = served.feed(M1).orElseThrow();

        // The screen checks offers; a blank company (the schema's text rule) is what only the schema catches.
        company = " ";
        catalog.stock("A1", new StoreStock("PP1", 1, true, 0), T.plusSeconds(1));
        assertThat(publisher.rebuild(catalog)).isEqualTo(FeedPublisher.Outcome.INVALID);

        assertThat(served.feed(M1)).contains(good);
        assertThat(served.report(M1).orElseThrow().lastFailure()).startsWith("the file fails the schema: ")
                .contains("company");
        assertThat(filesIn(directory)).containsExactly(good.file().getFileName().toString());
        assertThat(announced).containsExactly(good);
        assertThat(meters.get("kaspi.pricelist.rebuild").tag("outcome", "invalid").timer().count()).isEqualTo(1);
    }

    @Test
    void excludedOffersAreCountedByRuleAndListedUpToTheLimit() {
        FeedPublisher publisher = publisher();
        MerchantCatalog catalog = catalog();
        for (String sku : List.of("X1", "X2", "X3")) {
            catalog.upsert(new Offer(sku, "", "B", 1L, List.of()), T);
            catalog.stock(sku, new StoreStock("PP1", 1, true, 0), T);
        }
        publisher.rebuild(catalog);

        FeedReport report = served.report(M1).orElseThrow();
        assertThat(report.excludedCount()).isEqualTo(3);
        assertThat(report.excluded()).extracting(ExcludedOffer::sku).containsExactly("X1", "X2");
        assertThat(report.excludedByRule()).containsEntry("model-blank", 3);
        assertThat(report.served().offers()).isEqualTo(1);
        assertThat(meters.get("kaspi.pricelist.excluded").tag("rule", "model-blank").gauge().value()).isEqualTo(3.0);
    }

    private static List<String> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }
}
