package kz.kaspibridge.deliverygateway.deliveries;

import static kz.kaspibridge.deliverygateway.deliveries.DeliveryStatus.ACCEPTED;
import static kz.kaspibridge.deliverygateway.deliveries.DeliveryStatus.CANCELLED;
import static kz.kaspibridge.deliverygateway.deliveries.DeliveryStatus.CREATED;
import static kz.kaspibridge.deliverygateway.deliveries.DeliveryStatus.DELIVERED;
import static kz.kaspibridge.deliverygateway.deliveries.DeliveryStatus.IN_TRANSIT;
import static kz.kaspibridge.deliverygateway.deliveries.DeliveryStatus.OUT_FOR_DELIVERY;
import static org.assertj.core.api.Assertions.assertThat;

import kz.kaspibridge.deliverygateway.deliveries.StatusRule.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The forward-only rule, verdict by verdict. */
class StatusRuleTest {

    @ParameterizedTest
    @EnumSource(DeliveryStatus.class)
    void anyStatusIsTheFirstWhenNothingIsKnown(DeliveryStatus reported) {
        assertThat(StatusRule.judge(null, reported)).isEqualTo(Verdict.MOVED);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "CREATED, ACCEPTED",
            "ACCEPTED, IN_TRANSIT",
            "IN_TRANSIT, OUT_FOR_DELIVERY",
            "OUT_FOR_DELIVERY, DELIVERED",
    })
    void theNextStepMovesTheDeliveryForward(DeliveryStatus current, DeliveryStatus reported) {
        assertThat(StatusRule.judge(current, reported)).isEqualTo(Verdict.MOVED);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "CREATED, IN_TRANSIT",
            "CREATED, DELIVERED",
            "ACCEPTED, OUT_FOR_DELIVERY",
            "ACCEPTED, DELIVERED",
            "IN_TRANSIT, DELIVERED",
    })
    void aLaterStatusThatSkipsStepsIsApplied(DeliveryStatus current, DeliveryStatus reported) {
        assertThat(StatusRule.judge(current, reported)).isEqualTo(Verdict.MOVED);
    }

    @ParameterizedTest
    @EnumSource(DeliveryStatus.class)
    void theSameStatusAgainIsADuplicateEvenWhenFinal(DeliveryStatus status) {
        assertThat(StatusRule.judge(status, status)).isEqualTo(Verdict.DUPLICATE);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "ACCEPTED, CREATED",
            "IN_TRANSIT, CREATED",
            "IN_TRANSIT, ACCEPTED",
            "OUT_FOR_DELIVERY, IN_TRANSIT",
            "OUT_FOR_DELIVERY, CREATED",
    })
    void anEarlierStatusIsStale(DeliveryStatus current, DeliveryStatus reported) {
        assertThat(StatusRule.judge(current, reported)).isEqualTo(Verdict.STALE);
    }

    @ParameterizedTest
    @EnumSource(value = DeliveryStatus.class, names = "DELIVERED", mode = EnumSource.Mode.EXCLUDE)
    void anythingAfterDeliveredIsStaleIncludingCancelled(DeliveryStatus reported) {
        assertThat(StatusRule.judge(DELIVERED, reported)).isEqualTo(Verdict.STALE);
    }

    @ParameterizedTest
    @EnumSource(value = DeliveryStatus.class, names = "CANCELLED", mode = EnumSource.Mode.EXCLUDE)
    void anythingAfterCancelledIsStaleEvenALaterLifecycleStep(DeliveryStatus reported) {
        assertThat(StatusRule.judge(CANCELLED, reported)).isEqualTo(Verdict.STALE);
    }

    @ParameterizedTest
    @EnumSource(value = DeliveryStatus.class, names = {"CREATED", "ACCEPTED"})
    void cancelledBeforePickupMovesTheDelivery(DeliveryStatus current) {
        assertThat(StatusRule.judge(current, CANCELLED)).isEqualTo(Verdict.MOVED);
    }

    @ParameterizedTest
    @EnumSource(value = DeliveryStatus.class, names = {"IN_TRANSIT", "OUT_FOR_DELIVERY"})
    void cancelledAfterPickupIsNotAllowed(DeliveryStatus current) {
        assertThat(StatusRule.judge(current, CANCELLED)).isEqualTo(Verdict.NOT_ALLOWED);
    }

    /** Over every pair: a move is always to a later lifecycle position, never from a final status. */
    @Test
    void noPairEverMovesBackOrOutOfAFinalStatus() {
        int moves = 0;
        for (DeliveryStatus current : DeliveryStatus.values()) {
            for (DeliveryStatus reported : DeliveryStatus.values()) {
                if (StatusRule.judge(current, reported) == Verdict.MOVED) {
                    moves++;
                    assertThat(current.isFinal()).as("%s -> %s", current, reported).isFalse();
                    assertThat(reported.ordinal()).as("%s -> %s", current, reported)
                            .isGreaterThan(current.ordinal());
                }
            }
        }
        // CREATED: 3 later steps + delivered + cancelled; ACCEPTED: 2 + delivered + cancelled; IN_TRANSIT:
        // out for delivery, delivered; OUT_FOR_DELIVERY: delivered. Nothing out of delivered or cancelled.
        assertThat(moves).isEqualTo(5 + 4 + 2 + 1);
    }

    @Test
    void onlyCreatedAndAcceptedAreBeforePickupAndOnlyDeliveredAndCancelledAreFinal() {
        assertThat(CREATED.beforePickup()).isTrue();
        assertThat(ACCEPTED.beforePickup()).isTrue();
        assertThat(IN_TRANSIT.beforePickup()).isFalse();
        assertThat(OUT_FOR_DELIVERY.beforePickup()).isFalse();
        assertThat(DELIVERED.isFinal()).isTrue();
        assertThat(CANCELLED.isFinal()).isTrue();
    }
}
