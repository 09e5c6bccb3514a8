package kz.kaspibridge.ordercommand.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import kz.kaspibridge.schemas.catalog.AvailableStock;
import kz.kaspibridge.schemas.catalog.OfferEvent;
import kz.kaspibridge.schemas.catalog.OfferUpserted;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.RecordWriter;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A command file written with {@code --skip-existing}, as ./run-local seeds the demo catalog on every start, against
 * the real broker and registry: the first run writes everything, a later run only what is not on the catalog topics
 * yet, so restarts pile nothing up; the offers decode with their text intact.
 */
class SendCommandIT {

    private static final KafkaClientConfig CLIENT = new KafkaClientConfig(TestStack.bootstrapServers(),
            TestStack.registryUrl(), true);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @BeforeAll
    static void topics() {
        TestTopics.create(TestStack.bootstrapServers(), List.of(Topics.OFFERS.toNewTopic((short) 1),
                Topics.STOCK_CHANGES.toNewTopic((short) 1), Topics.AVAILABLE_STOCK.toNewTopic((short) 1)));
    }

    @Test
    void aSeedWrittenTwiceWritesOnlyWhatIsNotThereYet() throws Exception {
        String merchant = "seed-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> seed = List.of(
                "# " + merchant + "'s catalog",
                "offer " + merchant + " CRY-ART-24 \"Карандаши цветные Crayola 24 шт. & точилка\" Crayola 2490",
                "offer " + merchant + " APL-IP15-128 \"Смартфон Apple iPhone 15\" Apple 750000000=459990,710000000=449990",
                "stock " + merchant + " CRY-ART-24 " + merchant + "_PP1 30",
                "stock " + merchant + " APL-IP15-128 " + merchant + "_PP1 0");

        SendCommand.Written first = SendCommand.sendAll(CLIENT, SendCommand.records(seed, Clock.systemUTC()), true);

        assertThat(first.records()).hasSize(4);
        assertThat(first.skipped()).isZero();
        try (RecordReader<OfferEvent> offers = RecordReader.fromBeginning(Topics.OFFERS.name(),
                CLIENT.assignedReaderProperties("send-command-it"))) {
            ConsumerRecord<String, OfferEvent> pencils = offers.await(r -> (merchant + "|CRY-ART-24").equals(r.key()),
                    WAIT);
            assertThat(((OfferUpserted) pencils.value().getPayload()).getModel())
                    .isEqualTo("Карандаши цветные Crayola 24 шт. & точилка");
        }

        // order-command-service publishes the figure of the first stock report; the second is not decided yet.
        try (RecordWriter<AvailableStock> figures = new RecordWriter<>(CLIENT.producerProperties())) {
            String eventId = UUID.randomUUID().toString();
            figures.send(Topics.AVAILABLE_STOCK.name(), merchant + "|" + merchant + "_PP1|CRY-ART-24",
                    AvailableStock.newBuilder().setMetadata(EventMetadata.newBuilder().setEventId(eventId)
                                    .setOccurredAt(Instant.now()).setMerchantId(merchant).setCorrelationId(eventId)
                                    .build())
                            .setSku("CRY-ART-24").setStoreId(merchant + "_PP1").setStockCount(30)
                            .setStoreAvailable(true).setPreOrder(0).setReportedCount(30)
                            .setReportedAt(Instant.now()).setReservedUnits(0).build());
        }

        SendCommand.Written again = SendCommand.sendAll(CLIENT, SendCommand.records(seed, Clock.systemUTC()), true);

        assertThat(again.skipped()).isEqualTo(3);
        assertThat(again.records()).extracting(ProducerRecord::topic).containsExactly("kaspi.stock-changes");
        assertThat(again.records()).extracting(ProducerRecord::key).containsExactly("APL-IP15-128");
    }
}
