package kz.kaspibridge.orderpoller.kaspi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import kz.kaspibridge.orderpoller.polling.OrderState;
import kz.kaspibridge.orderpoller.polling.OrderStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class KaspiEnumsTest {

    @ParameterizedTest
    @EnumSource(kz.kaspibridge.kaspiclient.shop.OrderStatus.class)
    void everyClientStatusHasItsDomainStatus(kz.kaspibridge.kaspiclient.shop.OrderStatus status) {
        assertThat(KaspiEnums.status(status).name()).isEqualTo(status.name());
    }

    @ParameterizedTest
    @EnumSource(kz.kaspibridge.kaspiclient.shop.OrderState.class)
    void everyClientStateHasItsDomainState(kz.kaspibridge.kaspiclient.shop.OrderState state) {
        assertThat(KaspiEnums.state(state).name()).isEqualTo(state.name());
    }

    @ParameterizedTest
    @EnumSource(OrderStatus.class)
    void everyDomainStatusIsReachedFromTheClient(OrderStatus status) {
        assertThat(kz.kaspibridge.kaspiclient.shop.OrderStatus.values()).anyMatch(s -> KaspiEnums.status(s) == status);
    }

    @ParameterizedTest
    @EnumSource(value = OrderState.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
    void everyListableDomainStateIsAFilterAndReadsBackAsItself(OrderState state) {
        assertThat(KaspiEnums.state(KaspiEnums.filter(state))).isEqualTo(state);
    }

    @Test
    void anUnknownStateIsNeverSentAsAFilterAndAMissingOneReadsAsUnknown() {
        assertThatThrownBy(() -> KaspiEnums.filter(OrderState.UNKNOWN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(KaspiEnums.state(null)).isEqualTo(OrderState.UNKNOWN);
        assertThat(KaspiEnums.status(null)).isEqualTo(OrderStatus.UNKNOWN);
    }
}
