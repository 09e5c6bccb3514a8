package kz.kaspibridge.ordercommand.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kz.kaspibridge.schemas.catalog.CityPrice;
import kz.kaspibridge.schemas.catalog.OfferEvent;
import kz.kaspibridge.schemas.catalog.OfferUpserted;
import kz.kaspibridge.schemas.catalog.StockChanged;
import kz.kaspibridge.schemas.commands.AcceptOrder;
import kz.kaspibridge.schemas.commands.CancelOrder;
import kz.kaspibridge.schemas.commands.OrderCommand;
import kz.kaspibridge.schemas.common.CancellationReason;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * What each command line and command file writes, and where; that the service decodes a command is KaspiEffectsIT's,
 * that a file is written once whatever the number of runs is SendCommandIT's.
 */
class SendCommandTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void acceptIsAnAcceptOrderKeyedByTheOrderCodeOnTheCommandTopic() {
        ProducerRecord<String, Object> record = SendCommand.record(new String[] {"accept", "merchant-3", "610000123"}, CLOCK);

        assertThat(record.topic()).isEqualTo("kaspi.order-commands");
        assertThat(record.key()).isEqualTo("610000123");
        OrderCommand command = (OrderCommand) record.value();
        assertThat(command.getPayload()).isInstanceOf(AcceptOrder.class);
        assertThat(command.getOrderCode()).isEqualTo("610000123");
        assertThat(command.getMetadata().getMerchantId()).isEqualTo("merchant-3");
        assertThat(command.getMetadata().getOccurredAt()).isEqualTo(NOW);
        assertThat(command.getCommandId()).isNotBlank();
    }

    @Test
    void everyCallIsANewCommand() {
        String[] args = {"accept", "merchant-3", "610000123"};

        assertThat(((OrderCommand) SendCommand.record(args, CLOCK).value()).getCommandId())
                .isNotEqualTo(((OrderCommand) SendCommand.record(args, CLOCK).value()).getCommandId());
    }

    @Test
    void cancelCarriesItsReasonAndComment() {
        OrderCommand command = (OrderCommand) SendCommand.record(new String[] {"cancel", "merchant-3", "610000123",
                "BUYER_NOT_REACHABLE", "no answer twice"}, CLOCK).value();

        CancelOrder cancel = (CancelOrder) command.getPayload();
        assertThat(cancel.getReason()).isEqualTo(CancellationReason.BUYER_NOT_REACHABLE);
        assertThat(cancel.getComment()).isEqualTo("no answer twice");
    }

    @Test
    void stockIsAStockChangedKeyedBySkuOnTheStockTopic() {
        ProducerRecord<String, Object> record = SendCommand.record(new String[] {"stock", "merchant-2", "TEFKO150",
                "merchant-2_PP1", "25"}, CLOCK);

        assertThat(record.topic()).isEqualTo("kaspi.stock-changes");
        assertThat(record.key()).isEqualTo("TEFKO150");
        StockChanged stock = (StockChanged) record.value();
        assertThat(stock.getStoreId()).isEqualTo("merchant-2_PP1");
        assertThat(stock.getStockCount()).isEqualTo(25);
        assertThat(stock.getAvailable()).isTrue();
        assertThat(stock.getMetadata().getMerchantId()).isEqualTo("merchant-2");
    }

    @Test
    void offerIsAnOfferUpsertedKeyedByMerchantAndSkuOnTheOffersTopic() {
        ProducerRecord<String, Object> record = SendCommand.record(new String[] {"offer", "merchant-2", "ARL-CS-3KG",
                "Стиральный порошок Ariel Color & Style 3 кг", "Ariel", "4990"}, CLOCK);

        assertThat(record.topic()).isEqualTo("kaspi.offers");
        // Compacted by merchant|sku: the same sku of another merchant is another offer.
        assertThat(record.key()).isEqualTo("merchant-2|ARL-CS-3KG");
        OfferEvent event = (OfferEvent) record.value();
        assertThat(event.getSku()).isEqualTo("ARL-CS-3KG");
        assertThat(event.getMetadata().getMerchantId()).isEqualTo("merchant-2");
        assertThat(event.getMetadata().getOccurredAt()).isEqualTo(NOW);
        OfferUpserted offer = (OfferUpserted) event.getPayload();
        assertThat(offer.getModel()).isEqualTo("Стиральный порошок Ariel Color & Style 3 кг");
        assertThat(offer.getBrand()).isEqualTo("Ariel");
        assertThat(offer.getPrice()).isEqualTo(4990L);
        assertThat(offer.getCityPrices()).isEmpty();
    }

    @Test
    void anOfferPricedPerCityHasCityPricesAndNoPrice() {
        OfferEvent event = (OfferEvent) SendCommand.record(new String[] {"offer", "merchant-1", "APL-IP15-128",
                "Смартфон Apple iPhone 15 128 ГБ черный", "Apple", "750000000=459990,710000000=449990"}, CLOCK).value();

        OfferUpserted offer = (OfferUpserted) event.getPayload();
        assertThat(offer.getPrice()).isNull();
        assertThat(offer.getCityPrices()).extracting(CityPrice::getCityId, CityPrice::getPrice)
                .containsExactly(tuple("750000000", 459990L), tuple("710000000", 449990L));
    }

    @Test
    void removeOfferIsATombstoneWithTheOffersKey() {
        ProducerRecord<String, Object> record = SendCommand.record(new String[] {"remove-offer", "merchant-2",
                "ARL-CS-3KG"}, CLOCK);

        assertThat(record.topic()).isEqualTo("kaspi.offers");
        assertThat(record.key()).isEqualTo("merchant-2|ARL-CS-3KG");
        assertThat(record.value()).isNull();
    }

    @Test
    void aFileHoldsOneCommandPerLineWithQuotedWordsCommentsAndBlankLines() {
        List<ProducerRecord<String, Object>> records = SendCommand.records(List.of(
                "# the demo catalog",
                "",
                "offer merchant-3 CRY-ART-24 \"Карандаши цветные Crayola 24 шт. & точилка\" Crayola 2490",
                "  stock merchant-3 CRY-ART-24 merchant-3_PP3 0  ",
                "offer merchant-3 KTP-1 'Книга «Слова назидания»' \"Фолиант \\\"Алматы\\\"\" 3490",
                "accept merchant-3 610000123"), CLOCK);

        assertThat(records).extracting(ProducerRecord::topic)
                .containsExactly("kaspi.offers", "kaspi.stock-changes", "kaspi.offers", "kaspi.order-commands");
        assertThat(((OfferUpserted) ((OfferEvent) records.get(0).value()).getPayload()).getModel())
                .isEqualTo("Карандаши цветные Crayola 24 шт. & точилка");
        StockChanged stock = (StockChanged) records.get(1).value();
        assertThat(stock.getStockCount()).isZero();
        assertThat(stock.getAvailable()).isFalse();
        OfferUpserted book = (OfferUpserted) ((OfferEvent) records.get(2).value()).getPayload();
        assertThat(book.getModel()).isEqualTo("Книга «Слова назидания»");
        assertThat(book.getBrand()).isEqualTo("Фолиант \"Алматы\"");
    }

    @Test
    void aFileLineThatCannotBeReadIsNamedByItsNumber() {
        assertThatThrownBy(() -> SendCommand.records(List.of("# header", "stock m S PP1 1", "offer m S \"no end 1"),
                CLOCK)).hasMessageStartingWith("line 3: ").hasMessageContaining("unclosed");
        assertThatThrownBy(() -> SendCommand.records(List.of("offer m S Model Brand free"), CLOCK))
                .hasMessageStartingWith("line 1: ").hasMessageContaining("PRICE");
    }

    @Test
    void skippingExistingLeavesOutOffersAndFiguresAlreadyOnTheCatalogTopics() {
        List<ProducerRecord<String, Object>> records = SendCommand.records(List.of(
                "offer merchant-1 OLD Old Brand 100",
                "offer merchant-1 NEW New Brand 100",
                "stock merchant-1 OLD merchant-1_PP1 5",
                "stock merchant-1 OLD merchant-1_PP2 5",
                "remove-offer merchant-1 OLD",
                "accept merchant-1 610000123"), CLOCK);
        // What is already there: the offer (maybe changed by hand since) and the published figure of one store.
        Map<String, Set<String>> existing = Map.of(
                "kaspi.offers", Set.of("merchant-1|OLD"),
                "kaspi.available-stock", Set.of("merchant-1|merchant-1_PP1|OLD"));

        List<ProducerRecord<String, Object>> missing = SendCommand.missing(records, existing);

        assertThat(missing).extracting(ProducerRecord::key)
                .containsExactly("merchant-1|NEW", "OLD", "merchant-1|OLD", "610000123");
        assertThat(((StockChanged) missing.get(1).value()).getStoreId()).isEqualTo("merchant-1_PP2");
    }

    @Test
    void aCommandLineTheJvmCouldNotDecodeIsRefused() {
        // What Java 17 makes of Cyrillic arguments under LANG=C: the text is lost, so nothing is written.
        assertThatThrownBy(() -> SendCommand.decoded(new String[] {"offer", "m", "S", "\uFFFD\uFFFD", "B", "1"}))
                .hasMessageContaining("UTF-8");
        assertThat(SendCommand.decoded(new String[] {"offer", "m", "S", "Чай", "B", "1"})).contains("Чай");
    }

    @Test
    void refusesWhatItCannotWrite() {
        assertThatThrownBy(() -> SendCommand.record(new String[] {}, CLOCK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SendCommand.record(new String[] {"accept", "merchant-3"}, CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SendCommand.record(new String[] {"cancel", "m", "1", "UNKNOWN"}, CLOCK))
                .hasMessageContaining("reason");
        assertThatThrownBy(() -> SendCommand.record(new String[] {"stock", "m", "S", "PP1", "many"}, CLOCK))
                .hasMessageContaining("COUNT");
        assertThatThrownBy(() -> SendCommand.record(new String[] {"stock", "m", "S", "PP1", "-1"}, CLOCK))
                .hasMessageContaining("0 or more");
        assertThatThrownBy(() -> SendCommand.record(new String[] {"complete", "m", "1"}, CLOCK))
                .hasMessageContaining("unknown command");
        assertThatThrownBy(() -> SendCommand.record(new String[] {"offer", "m", "S", "Model", "Brand"}, CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SendCommand.record(new String[] {"offer", "m", "S", "Model", "Brand", "0"}, CLOCK))
                .hasMessageContaining("above 0");
        assertThatThrownBy(() -> SendCommand.record(new String[] {"offer", "m", "S", "Model", "Brand",
                "750000000=1,710000000"}, CLOCK)).hasMessageContaining("CITY=TENGE");
        assertThatThrownBy(() -> SendCommand.record(new String[] {"remove-offer", "m"}, CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
