package kz.kaspibridge.pricelist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.kaspibridge.schemas.catalog.PricelistPublished;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.RecordWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * What survives a restart and what a burst does: the file is rebuilt from Kafka alone, byte for byte, and only served
 * once the catalog is read; a burst of changes inside the debounce window gives one build; bad records are
 * dead-lettered once, with the reason.
 */
class CatalogRestartIT {

    private static final Pattern SHA = Pattern.compile("\"sha256\":\"([0-9a-f]{64})\"");

    @Test
    void afterARestartTheSameFileComesBackAndNothingIsServedBeforeTheCatalogIsRead() {
        String merchant = "restart-" + UUID.randomUUID();
        String sha;
        try (CatalogRecords records = new CatalogRecords(merchant); Publisher first = Publisher.start(Map.of())) {
            for (int i = 0; i < 300; i++) {
                records.offer("R" + i, "Товар " + i, "Brand", 100 + i);
                records.stock("R" + i, "PP1", i % 7, i % 5 != 0);
            }
            records.remove("R7");
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                String xml = first.get("/pricelist/" + merchant + ".xml").body();
                return xml.contains("sku=\"R299\"") && !xml.contains("sku=\"R7\"");
            });
            // The offers and the stock are two topics, read in no order between them: the file that first shows the
            // last offer written may still miss the last stock figures. The file to compare is the one that stays.
            String[] last = {""};
            await().pollInterval(Duration.ofMillis(200)).during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        String now = sha(first.get("/pricelist/" + merchant + "/report").body());
                        boolean settled = now.equals(last[0]);
                        last[0] = now;
                        return settled;
                    });
            sha = last[0];
        }
        long announcements = announcementsOf(merchant);
        assertThat(announcements).isGreaterThanOrEqualTo(1);

        try (Publisher second = Publisher.start(Map.of())) {
            // From its first answer on: either not ready (and 503 for the file), or ready with the whole file.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                HttpResponse<String> readiness = second.get("/actuator/health/readiness");
                HttpResponse<String> report = second.get("/pricelist/" + merchant + "/report");
                if (readiness.statusCode() != 200) {
                    assertThat(report.statusCode()).isIn(503, 200);
                    return false;
                }
                assertThat(report.statusCode()).isEqualTo(200);
                assertThat(sha(report.body())).isEqualTo(sha);
                return true;
            });
            assertThat(second.get("/pricelist/" + merchant + ".xml").body()).doesNotContain("sku=\"R7\"")
                    .contains("sku=\"R299\"");
        }
        // The same file is not announced again.
        assertThat(announcementsOf(merchant)).isEqualTo(announcements);
    }

    @Test
    void aBurstOfAThousandStockChangesInsideTheWindowGivesOneBuild() {
        String merchant = "burst-" + UUID.randomUUID();
        try (CatalogRecords records = new CatalogRecords(merchant);
             // A window long enough that the burst surely lands inside it, even on a loaded machine.
             Publisher publisher = Publisher.start(Map.of("pricelist-publisher.debounce", "6s",
                     "pricelist-publisher.max-staleness", "60s"))) {
            records.offer("B1", "Burst", "Brand", 100);
            records.stock("B1", "PP1", 1, true);
            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.get("/pricelist/" + merchant + ".xml")
                    .body().contains("stockCount=\"1\""));
            long before = publisher.settledBuilds(merchant);

            // Asynchronous sends: the thousand land well inside the window.
            try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                    CatalogRecords.CLIENT.producerProperties())) {
                for (int i = 1; i <= 1000; i++) {
                    producer.send(new ProducerRecord<>(Topics.AVAILABLE_STOCK.name(), merchant + "|PP1|B1",
                            records.figure("B1", "PP1", i, true)));
                }
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.get("/pricelist/" + merchant + ".xml").body()
                    .contains("stockCount=\"1000\""));
            // Quiet for longer than the window: no second build comes.
            await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(15))
                    .until(() -> publisher.builds(merchant) == before + 1);
        }
    }

    @Test
    void undecodableAndWronglyKeyedRecordsAreDeadLetteredOnceWithTheReason() {
        String merchant = "dlt-" + UUID.randomUUID();
        KafkaClientConfig client = CatalogRecords.CLIENT;
        try (CatalogRecords records = new CatalogRecords(merchant);
             RecordWriter<byte[]> raw = new RecordWriter<>(client.rawProducerProperties());
             Publisher publisher = Publisher.start(Map.of())) {
            raw.send(Topics.OFFERS.name(), merchant + "|JUNK", "not avro".getBytes(StandardCharsets.UTF_8));
            records.writer().send(Topics.OFFERS.name(), "WRONGKEY", records.offerEvent("WRONGKEY"));
            records.offer("OK1", "Fine", "Brand", 100);
            records.stock("OK1", "PP1", 1, true);
            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.get("/pricelist/" + merchant + ".xml")
                    .body().contains("OK1"));
            assertThat(publisher.get("/pricelist/" + merchant + ".xml").body()).doesNotContain("WRONGKEY");

            List<String> reasons = deadLettersFor(merchant + "|JUNK", "WRONGKEY", 2);
            assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("undecodable"));
            assertThat(reasons).anySatisfy(r -> assertThat(r).contains("<merchant id>|<sku>"));
        }
        // A restart reads both again, and does not dead-letter them twice.
        try (Publisher again = Publisher.start(Map.of())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> again.get("/actuator/health/readiness").statusCode()
                    == 200);
            assertThat(deadLettersFor(merchant + "|JUNK", "WRONGKEY", 2)).hasSize(2);
        }
    }

    private static List<String> deadLettersFor(String junkKey, String wrongKey, int expected) {
        Map<String, Object> props = new HashMap<>(CatalogRecords.CLIENT.assignedReaderProperties("it-dlt-"
                + UUID.randomUUID()));
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.remove(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS);
        try (RecordReader<byte[]> reader = RecordReader.fromBeginning(Topics.OFFERS.deadLetter().name(), props)) {
            List<ConsumerRecord<String, byte[]>> mine = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                mine.clear();
                reader.records().stream().filter(r -> junkKey.equals(r.key()) || wrongKey.equals(r.key()))
                        .forEach(mine::add);
                return mine.size() >= expected;
            });
            return mine.stream().map(r -> {
                Header reason = r.headers().lastHeader("kafka_dlt-exception-message");
                return new String(reason.value(), StandardCharsets.UTF_8);
            }).toList();
        }
    }

    private static long announcementsOf(String merchant) {
        try (RecordReader<PricelistPublished> reader = RecordReader.fromBeginning(Topics.PRICELIST_PUBLISHED.name(),
                CatalogRecords.CLIENT.assignedReaderProperties("it-announcements-" + UUID.randomUUID()))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.records().stream()
                    .anyMatch(r -> merchant.equals(r.key())));
            return reader.records().stream().filter(r -> merchant.equals(r.key())).count();
        }
    }

    private static String sha(String report) {
        Matcher m = SHA.matcher(report);
        assertThat(m.find()).as(report).isTrue();
        return m.group(1);
    }
}
