package kz.kaspibridge.ordercommand.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import kz.kaspibridge.schemas.catalog.StockChanged;
import kz.kaspibridge.schemas.commands.AcceptOrder;
import kz.kaspibridge.schemas.commands.CancelOrder;
import kz.kaspibridge.schemas.commands.OrderCommand;
import kz.kaspibridge.schemas.common.CancellationReason;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** What each command line writes, and where; that the service decodes it is KaspiEffectsIT's. */
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
    }
}
