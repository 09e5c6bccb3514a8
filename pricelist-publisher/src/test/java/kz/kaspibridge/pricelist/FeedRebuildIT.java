package kz.kaspibridge.pricelist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kz.kaspibridge.schemas.ops.OperatorRequests;
import kz.kaspibridge.schemas.tools.KaspiOps;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordWriter;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@code kaspi-ops rebuild-feed} against a running publisher: the merchant's file is built once more at once, an
 * unknown merchant is refused and counted, and a request written before the publisher started is not replayed.
 */
class FeedRebuildIT {

    @Test
    void aRequestRebuildsTheFileOnceAndAnOldOneIsNotReplayed() {
        String merchant = "rebuild-" + UUID.randomUUID();
        TestTopics.create(TestStack.bootstrapServers(),
                List.of(new NewTopic(Topics.PRICELIST_REBUILD_REQUESTS, 1, (short) 1)));
        // Written before the publisher starts: it reads requests from their end, so this one is never served.
        Map<String, Object> text = CatalogRecords.CLIENT.producerProperties();
        text.put("value.serializer", StringSerializer.class);
        try (RecordWriter<String> old = new RecordWriter<>(text)) {
            old.send(Topics.PRICELIST_REBUILD_REQUESTS, merchant,
                    new OperatorRequests.FeedRebuild(Instant.now().minusSeconds(60)).toJson());
        }
        try (CatalogRecords records = new CatalogRecords(merchant);
             // A long debounce: only a request builds at once.
             Publisher publisher = Publisher.start(Map.of("pricelist-publisher.debounce", "30s",
                     "pricelist-publisher.max-staleness", "60s"))) {
            records.offer("R1", "Rebuilt", "Brand", 100);
            records.stock("R1", "PP1", 1, true);
            await().atMost(Duration.ofSeconds(60)).until(() -> publisher.get("/pricelist/" + merchant + ".xml")
                    .statusCode() == 200 && publisher.get("/pricelist/" + merchant + ".xml").body().contains("R1"));
            long before = publisher.settledBuilds(merchant);
            assertThat(publisher.rebuildRequests("accepted")).isZero();

            Run run = rebuildFeed(merchant);
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("rebuild requested merchantId=" + merchant);

            await().atMost(Duration.ofSeconds(15)).until(() -> publisher.builds(merchant) == before + 1);
            assertThat(publisher.rebuildRequests("accepted")).isEqualTo(1);

            assertThat(rebuildFeed("no-such-merchant").code()).isZero();
            await().atMost(Duration.ofSeconds(15)).until(() -> publisher.rebuildRequests("unknown_merchant") == 1);
            assertThat(publisher.builds(merchant)).isEqualTo(before + 1);
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run rebuildFeed(String merchant) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new KaspiOps(Map.of("KAFKA_BOOTSTRAP_SERVERS", TestStack.bootstrapServers(),
                "SCHEMA_REGISTRY_URL", TestStack.registryUrl()), Clock.systemUTC(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of("rebuild-feed", merchant));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
