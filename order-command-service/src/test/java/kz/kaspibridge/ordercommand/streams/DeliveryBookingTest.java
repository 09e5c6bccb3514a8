package kz.kaspibridge.ordercommand.streams;

import static kz.kaspibridge.ordercommand.Orders.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

import kz.kaspibridge.ordercommand.Orders;
import org.junit.jupiter.api.Test;

/** The delivery rule: only orders the merchant delivers itself get a courier from us. */
class DeliveryBookingTest {

    @Test
    void anOrderTheMerchantDeliversGetsItsDropoffAndParcel() {
        Effect.Delivery delivery = DeliveryBooking.of(anOrder().entry("A", 2).entry("B", 1).build()).orElseThrow();

        assertThat(delivery.address()).isEqualTo("Almaty, test street 1");
        assertThat(delivery.name()).isEqualTo("Test Buyer");
        assertThat(delivery.phone()).isEqualTo("+77000000000");
        assertThat(delivery.description()).isEqualTo("2 x Product A, 1 x Product B");
        assertThat(delivery.weightGrams()).isEqualTo(1500);
        assertThat(delivery.valueKzt()).isEqualTo(3000);
    }

    @Test
    void aKaspiDeliveryOrderGetsNoCourierFromUsEvenInTheCity() {
        assertThat(DeliveryBooking.of(anOrder().kaspiDeliveryInTheCity().build())).isEmpty();
        assertThat(DeliveryBooking.of(anOrder().kaspiDelivery().build())).isEmpty();
    }

    @Test
    void pickupAndRegionalOrdersGetNoCourier() {
        for (String mode : new String[] {"DELIVERY_PICKUP", "DELIVERY_REGIONAL_TODOOR", "DELIVERY_REGIONAL_PICKUP"}) {
            assertThat(DeliveryBooking.of(Orders.anOrder().deliveryMode(mode).build())).as(mode).isEmpty();
        }
    }
}
