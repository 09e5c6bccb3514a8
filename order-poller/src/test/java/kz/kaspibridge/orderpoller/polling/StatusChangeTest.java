package kz.kaspibridge.orderpoller.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusChangeTest {

    private static OrderSnapshot standing(OrderStatus status, OrderState state) {
        return new OrderSnapshot("id1", new OrderCode("A1"), status, state, Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void noChangeWhenStatusAndStateAreTheSame() {
        assertThat(StatusChange.between(standing(OrderStatus.APPROVED_BY_BANK, OrderState.NEW),
                standing(OrderStatus.APPROVED_BY_BANK, OrderState.NEW))).isEmpty();
    }

    @Test
    void aStateChangeAloneIsAChange() {
        assertThat(StatusChange.between(standing(OrderStatus.ACCEPTED_BY_MERCHANT, OrderState.DELIVERY),
                standing(OrderStatus.ACCEPTED_BY_MERCHANT, OrderState.KASPI_DELIVERY)))
                .get().isInstanceOf(StatusChange.Progressed.class);
    }

    @Test
    void completedCancelledAndReturnedCloseTheOrder() {
        for (OrderStatus end : new OrderStatus[] {OrderStatus.COMPLETED, OrderStatus.CANCELLED, OrderStatus.RETURNED}) {
            assertThat(StatusChange.between(standing(OrderStatus.ACCEPTED_BY_MERCHANT, OrderState.DELIVERY),
                    standing(end, OrderState.ARCHIVE))).get().isInstanceOf(StatusChange.Closed.class);
        }
    }

    @Test
    void aReturnRequestOrACancellationInProgressKeepsTheOrderOpen() {
        for (OrderStatus pending : new OrderStatus[] {OrderStatus.KASPI_DELIVERY_RETURN_REQUESTED, OrderStatus.CANCELLING}) {
            assertThat(StatusChange.between(standing(OrderStatus.ACCEPTED_BY_MERCHANT, OrderState.KASPI_DELIVERY),
                    standing(pending, OrderState.KASPI_DELIVERY))).get().isInstanceOf(StatusChange.Progressed.class);
        }
    }
}
