package kz.kaspibridge.sandbox.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SandboxOrderTest {

    private final OrderGenerator generator = new OrderGenerator(7);

    private SandboxOrder order(OrderStatus status, DeliveryMode mode, boolean kaspiDelivery) {
        return new SandboxOrder(generator.generate(OrderSeed.forMerchant("m1").withStatus(status)
                .withDelivery(mode, kaspiDelivery), Instant.parse("2025-03-01T10:00:00Z")));
    }

    private SandboxOrder newOrder() {
        return order(OrderStatus.APPROVED_BY_BANK, DeliveryMode.DELIVERY_LOCAL, false);
    }

    @Test
    void aNewOrderIsAcceptedOnlyOnce() {
        SandboxOrder order = newOrder();
        assertThat(order.state()).isEqualTo(OrderState.NEW);
        assertThat(order.accept()).isEmpty();
        assertThat(order.status()).isEqualTo(OrderStatus.ACCEPTED_BY_MERCHANT);
        assertThat(order.state()).isEqualTo(OrderState.DELIVERY);
        assertThat(order.accept()).map(Rejection::title)
                .contains("Order status cannot be changed from ACCEPTED_BY_MERCHANT to ACCEPTED_BY_MERCHANT");
    }

    @Test
    void cancellingNeedsAKnownReasonAndAShortComment() {
        SandboxOrder order = newOrder();
        assertThat(order.cancel("BECAUSE", null)).map(Rejection::title).contains("Invalid cancellation reason: BECAUSE");
        assertThat(order.cancel("MERCHANT_OUT_OF_STOCK", "x".repeat(1001))).isPresent();
        assertThat(order.cancel("MERCHANT_OUT_OF_STOCK", "x".repeat(1000))).isEmpty();
        assertThat(order.snapshot().state()).isEqualTo(OrderState.ARCHIVE);
        assertThat(order.accept()).isPresent();
    }

    @Test
    void completionTakesTheCodeSentInStepOne() {
        SandboxOrder order = newOrder();
        assertThat(order.sendSecurityCode("1234")).map(Rejection::title).isPresent();
        order.accept();
        assertThat(order.complete("1234")).map(Rejection::title).contains(Rejection.INVALID_SECURITY_CODE);
        assertThat(order.sendSecurityCode("1234")).isEmpty();
        assertThat(order.complete("4321")).map(Rejection::title).contains(Rejection.INVALID_SECURITY_CODE);
        assertThat(order.complete("1234")).isEmpty();
        assertThat(order.status()).isEqualTo(OrderStatus.COMPLETED);
        assertThat(order.complete("1234")).map(Rejection::title).contains(Rejection.ALREADY_COMPLETED);
    }

    @Test
    void aCancelledOrderCannotBeCompleted() {
        SandboxOrder order = newOrder();
        order.accept();
        assertThat(order.cancelledByKaspi("BUYER_CANCELLATION", false)).isTrue();
        assertThat(order.sendSecurityCode("1")).map(Rejection::title).contains(Rejection.ORDER_CANCELLED);
    }

    @Test
    void onlyAcceptedKaspiDeliveryOrdersAreAssembled() {
        SandboxOrder courier = order(OrderStatus.ACCEPTED_BY_MERCHANT, DeliveryMode.DELIVERY_LOCAL, true);
        SandboxOrder ownDelivery = order(OrderStatus.ACCEPTED_BY_MERCHANT, DeliveryMode.DELIVERY_LOCAL, false);
        SandboxOrder notAccepted = order(OrderStatus.APPROVED_BY_BANK, DeliveryMode.DELIVERY_REGIONAL_TODOOR, true);

        assertThat(ownDelivery.assemble(1)).isPresent();
        assertThat(notAccepted.assemble(1)).isPresent();
        assertThat(courier.assemble(0)).isPresent();
        assertThat(courier.assemble(3)).isEqualTo(Optional.empty());
        assertThat(courier.state()).isEqualTo(OrderState.KASPI_DELIVERY);
        courier.attachWaybill("https://example.invalid/w.pdf");
        assertThat(courier.snapshot().waybill()).isEqualTo("https://example.invalid/w.pdf");
        assertThat(courier.snapshot().numberOfSpace()).isEqualTo(3);
    }

    @Test
    void returnsGoThroughTheRequestedState() {
        SandboxOrder order = order(OrderStatus.COMPLETED, DeliveryMode.DELIVERY_REGIONAL_TODOOR, true);
        assertThat(order.returned(true)).isTrue();
        assertThat(order.status()).isEqualTo(OrderStatus.KASPI_DELIVERY_RETURN_REQUESTED);
        assertThat(order.returned(false)).isTrue();
        assertThat(order.status()).isEqualTo(OrderStatus.RETURNED);
        assertThat(order.returned(false)).isFalse();
    }
}
