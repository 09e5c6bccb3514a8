package kz.kaspibridge.orderpoller.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import kz.kaspibridge.orderpoller.polling.OrderState;
import kz.kaspibridge.orderpoller.polling.OrderStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AvroEnumsTest {

    @ParameterizedTest
    @EnumSource(OrderStatus.class)
    void everyDomainStatusHasItsContractStatus(OrderStatus status) {
        assertThat(AvroEnums.status(status).name()).isEqualTo(status.name());
    }

    @ParameterizedTest
    @EnumSource(OrderState.class)
    void everyDomainStateHasItsContractState(OrderState state) {
        assertThat(AvroEnums.state(state).name()).isEqualTo(state.name());
    }

    @ParameterizedTest
    @EnumSource(kz.kaspibridge.schemas.common.OrderStatus.class)
    void everyContractStatusIsReachedFromTheDomain(kz.kaspibridge.schemas.common.OrderStatus contract) {
        assertThat(OrderStatus.values()).anyMatch(s -> AvroEnums.status(s) == contract);
    }

    @ParameterizedTest
    @EnumSource(kz.kaspibridge.schemas.common.OrderState.class)
    void everyContractStateIsReachedFromTheDomain(kz.kaspibridge.schemas.common.OrderState contract) {
        assertThat(OrderState.values()).anyMatch(s -> AvroEnums.state(s) == contract);
    }
}
