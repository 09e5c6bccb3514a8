package kz.kaspibridge.ordercommand.effects;

import static org.assertj.core.api.Assertions.assertThat;

import kz.kaspibridge.ordercommand.effects.EffectRules.Kind;
import kz.kaspibridge.ordercommand.effects.EffectRules.Refusal;
import kz.kaspibridge.ordercommand.orders.OrderStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EffectRulesTest {

    @ParameterizedTest(name = "{0} on {1}: done={2}")
    @CsvSource({
            "ACCEPT, APPROVED_BY_BANK, false",
            "ACCEPT, ACCEPTED_BY_MERCHANT, true",
            "ACCEPT, COMPLETED, true",
            "ACCEPT, CANCELLED, false",
            "CANCEL, CANCELLING, true",
            "CANCEL, ACCEPTED_BY_MERCHANT, false",
            "COMPLETE, COMPLETED, true",
            "COMPLETE, ACCEPTED_BY_MERCHANT, false",
            "SEND_CODE, COMPLETED, false",
    })
    void whatKaspiAlreadyShowsCountsAsDone(Kind kind, OrderStatus status, boolean done) {
        assertThat(EffectRules.alreadyDone(kind, status, false)).isEqualTo(done);
    }

    @Test
    void anAssembledOrderIsRecognisedByItsWaybill() {
        assertThat(EffectRules.alreadyDone(Kind.ASSEMBLE, OrderStatus.ACCEPTED_BY_MERCHANT, false)).isFalse();
        assertThat(EffectRules.alreadyDone(Kind.ASSEMBLE, OrderStatus.ACCEPTED_BY_MERCHANT, true)).isTrue();
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource({
            "ACCEPT, APPROVED_BY_BANK, ",
            "ACCEPT, CANCELLED, ALREADY_CANCELLED",
            "ACCEPT, CANCELLING, ALREADY_CANCELLED",
            "ACCEPT, UNKNOWN, NOT_APPROVED_BY_BANK",
            "CANCEL, APPROVED_BY_BANK, ",
            "CANCEL, COMPLETED, ALREADY_COMPLETED",
            "CANCEL, RETURNED, INVALID_TRANSITION",
            "COMPLETE, ACCEPTED_BY_MERCHANT, ",
            "COMPLETE, APPROVED_BY_BANK, INVALID_TRANSITION",
            "SEND_CODE, CANCELLED, ORDER_CANCELLED",
            "ASSEMBLE, COMPLETED, ALREADY_COMPLETED",
            "ASSEMBLE, ACCEPTED_BY_MERCHANT, ",
    })
    void anEffectTheOrderCanNoLongerTakeIsRefused(Kind kind, OrderStatus status, String reason) {
        assertThat(EffectRules.refusal(kind, status).map(Refusal::reason)).isEqualTo(java.util.Optional.ofNullable(reason));
    }
}
