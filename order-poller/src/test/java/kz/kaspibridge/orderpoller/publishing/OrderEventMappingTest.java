package kz.kaspibridge.orderpoller.publishing;

import static kz.kaspibridge.orderpoller.Orders.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import kz.kaspibridge.orderpoller.polling.MerchantId;
import kz.kaspibridge.orderpoller.polling.Order;
import kz.kaspibridge.orderpoller.polling.OrderSnapshot;
import kz.kaspibridge.orderpoller.polling.OrderState;
import kz.kaspibridge.orderpoller.polling.OrderStatus;
import kz.kaspibridge.orderpoller.polling.StatusChange;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.orders.OrderReceived;
import kz.kaspibridge.schemas.orders.OrderStatusChanged;
import kz.kaspibridge.schemas.serde.ContractClasses;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class OrderEventMappingTest {

    private static final MerchantId MERCHANT = new MerchantId("m1");
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void anOrderBecomesOrderReceivedWithItsEntriesAndSurvivesAvro() throws IOException {
        Order order = anOrder().code("A1").entries(3).build();

        OrderEvent event = roundTrip(OrderEventMapping.received(MERCHANT, order, AT));

        assertThat(event.getOrderCode()).isEqualTo("A1");
        assertThat(event.getMetadata().getMerchantId()).isEqualTo("m1");
        assertThat(event.getMetadata().getCorrelationId()).isEqualTo(event.getMetadata().getEventId());
        OrderReceived received = (OrderReceived) event.getPayload();
        assertThat(received.getOrderId()).isEqualTo("id-A1");
        assertThat(received.getTotalPrice()).isEqualTo(3000L);
        assertThat(received.getEntries()).hasSize(3);
        assertThat(received.getEntries().get(0).getSku()).isEqualTo("SKU0");
        assertThat(received.getCustomer().getCellPhone()).isEqualTo("7000000000");
    }

    @Test
    void theSameOrderAlwaysGetsTheSameEventIdSoARetriedBatchCanBeDeduplicated() {
        Order order = anOrder().code("A1").build();

        assertThat(OrderEventMapping.received(MERCHANT, order, AT).getMetadata().getEventId())
                .isEqualTo(OrderEventMapping.received(MERCHANT, order, AT.plusSeconds(5)).getMetadata().getEventId());
    }

    @Test
    void aStatusChangeNamesTheOrderReceivedThatOpenedItsFlow() throws IOException {
        Order order = anOrder().code("A1").build();
        OrderSnapshot cancelled = new OrderSnapshot("id-A1", order.code(), OrderStatus.CANCELLED, OrderState.ARCHIVE,
                order.creationDate());
        StatusChange change = StatusChange.between(order.snapshot(), cancelled).orElseThrow();

        OrderEvent event = roundTrip(OrderEventMapping.statusChanged(MERCHANT, change, AT));

        String opener = OrderEventMapping.received(MERCHANT, order, AT).getMetadata().getEventId();
        assertThat(event.getMetadata().getCorrelationId()).isEqualTo(opener);
        assertThat(event.getMetadata().getCausationId()).isEqualTo(opener);
        OrderStatusChanged changed = (OrderStatusChanged) event.getPayload();
        assertThat(changed.getPreviousStatus()).isEqualTo(kz.kaspibridge.schemas.common.OrderStatus.APPROVED_BY_BANK);
        assertThat(changed.getStatus()).isEqualTo(kz.kaspibridge.schemas.common.OrderStatus.CANCELLED);
        assertThat(changed.getFinalStatus()).isTrue();
    }

    private static OrderEvent roundTrip(OrderEvent event) throws IOException {
        ContractClasses.trust();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(OrderEvent.class).write(event, encoder);
        encoder.flush();
        return new SpecificDatumReader<>(OrderEvent.class)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }
}
