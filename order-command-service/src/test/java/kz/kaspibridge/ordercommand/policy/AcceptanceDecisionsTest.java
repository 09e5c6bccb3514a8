package kz.kaspibridge.ordercommand.policy;

import static kz.kaspibridge.ordercommand.Orders.RECEIVED_AT;
import static kz.kaspibridge.ordercommand.Orders.STORE;
import static kz.kaspibridge.ordercommand.Orders.anOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kz.kaspibridge.ordercommand.commands.CancellationReason;
import kz.kaspibridge.ordercommand.commands.OrderCommand;
import kz.kaspibridge.ordercommand.orders.Order;
import kz.kaspibridge.ordercommand.orders.OrderStatus;
import kz.kaspibridge.ordercommand.orders.Sku;
import kz.kaspibridge.ordercommand.stock.StockKey;
import kz.kaspibridge.ordercommand.stock.StockReservations.Outcome;
import kz.kaspibridge.ordercommand.stock.StockReservations.Shortage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AcceptanceDecisionsTest {

    private static final Duration DEADLINE = Duration.ofMinutes(30);
    private static final Outcome RESERVED = new Outcome.Reserved(Map.of());
    private static final Outcome SHORT = new Outcome.Short(List.of(
            new Shortage(new StockKey(kz.kaspibridge.ordercommand.Orders.MERCHANT, STORE, new Sku("SKU1")), 1, 0)));

    private static MerchantPolicy policy(AcceptancePolicy policy, WhenShort whenShort) {
        return new MerchantPolicy(policy, whenShort, DEADLINE, Optional.empty(), STORE, Optional.empty());
    }

    private final Order order = anOrder().build();

    @Test
    void autoAcceptsEveryNewOrder() {
        assertThat(AcceptanceDecisions.decide(order, policy(AcceptancePolicy.AUTO, WhenShort.CANCEL), null))
                .isEqualTo(new PolicyDecision.Accept(PolicyCommandIds.acceptance(order)));
        assertThat(AcceptanceDecisions.needsStock(order, policy(AcceptancePolicy.AUTO, WhenShort.CANCEL))).isFalse();
    }

    @Test
    void manualHoldsUntilTheDeadlineAfterTheOrderArrived() {
        PolicyDecision decision = AcceptanceDecisions.decide(order, policy(AcceptancePolicy.MANUAL, WhenShort.CANCEL),
                null);

        assertThat(decision).isEqualTo(new PolicyDecision.Hold(PolicyCommandIds.acceptance(order),
                PolicyDecision.HoldReason.MANUAL_POLICY, RECEIVED_AT.plus(DEADLINE)));
        PolicyDecision.Hold hold = (PolicyDecision.Hold) decision;
        assertThat(hold.isOverdue(RECEIVED_AT.plus(DEADLINE).minusMillis(1))).isFalse();
        assertThat(hold.isOverdue(RECEIVED_AT.plus(DEADLINE))).isTrue();
    }

    @Test
    void stockAcceptsWhenReserved() {
        MerchantPolicy stock = policy(AcceptancePolicy.STOCK, WhenShort.CANCEL);

        assertThat(AcceptanceDecisions.needsStock(order, stock)).isTrue();
        assertThat(AcceptanceDecisions.decide(order, stock, RESERVED)).isInstanceOf(PolicyDecision.Accept.class);
    }

    @Test
    void stockCancelsOrHoldsWhenShort() {
        PolicyDecision cancel = AcceptanceDecisions.decide(order, policy(AcceptancePolicy.STOCK, WhenShort.CANCEL),
                SHORT);
        PolicyDecision hold = AcceptanceDecisions.decide(order, policy(AcceptancePolicy.STOCK, WhenShort.HOLD), SHORT);

        assertThat(cancel).isEqualTo(new PolicyDecision.CancelOutOfStock(PolicyCommandIds.acceptance(order),
                ((Outcome.Short) SHORT).shortages()));
        assertThat(hold).isInstanceOf(PolicyDecision.Hold.class);
        assertThat(((PolicyDecision.Hold) hold).reason()).isEqualTo(PolicyDecision.HoldReason.OUT_OF_STOCK);
    }

    @Test
    void stockWithoutAReservationIsAProgrammingError() {
        assertThatThrownBy(() -> AcceptanceDecisions.decide(order, policy(AcceptancePolicy.STOCK, WhenShort.CANCEL),
                null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(value = OrderStatus.class, names = "APPROVED_BY_BANK", mode = EnumSource.Mode.EXCLUDE)
    void anOrderNoLongerAwaitingAcceptanceIsLeftAlone(OrderStatus status) {
        Order late = anOrder().status(status).build();
        MerchantPolicy stock = policy(AcceptancePolicy.STOCK, WhenShort.CANCEL);

        assertThat(AcceptanceDecisions.needsStock(late, stock)).isFalse();
        assertThat(AcceptanceDecisions.decide(late, stock, null)).isInstanceOf(PolicyDecision.Ignore.class);
    }

    @Test
    void theDecisionsCommandIdDependsOnlyOnTheOrder() {
        Order same = anOrder().receivedAt(RECEIVED_AT.plusSeconds(90)).build();
        Order other = anOrder().code("100002").build();
        Order otherMerchant = anOrder().merchant("m2").build();

        assertThat(PolicyCommandIds.acceptance(same)).isEqualTo(PolicyCommandIds.acceptance(order));
        assertThat(PolicyCommandIds.acceptance(other)).isNotEqualTo(PolicyCommandIds.acceptance(order));
        assertThat(PolicyCommandIds.acceptance(otherMerchant)).isNotEqualTo(PolicyCommandIds.acceptance(order));
        assertThat(PolicyCommandIds.overdueCancel(order)).isNotEqualTo(PolicyCommandIds.acceptance(order));
        assertThat(PolicyCommandIds.autoAssemble(order)).isNotEqualTo(PolicyCommandIds.acceptance(order));
    }

    @Test
    void anOverdueOrderIsCancelledOnlyWhenTheMerchantAskedForIt() {
        MerchantPolicy reportOnly = policy(AcceptancePolicy.MANUAL, WhenShort.HOLD);
        MerchantPolicy cancelling = new MerchantPolicy(AcceptancePolicy.MANUAL, WhenShort.HOLD, DEADLINE,
                Optional.of(CancellationReason.BUYER_NOT_REACHABLE), STORE, Optional.empty());

        assertThat(AcceptanceDecisions.overdueCancel(order, reportOnly)).isEmpty();
        OrderCommand.CancelOrder cancel = AcceptanceDecisions.overdueCancel(order, cancelling).orElseThrow();
        assertThat(cancel.reason()).isEqualTo(CancellationReason.BUYER_NOT_REACHABLE);
        assertThat(cancel.commandId()).isEqualTo(PolicyCommandIds.overdueCancel(order));
    }

    @Test
    void onlyKaspiDeliveryOrdersAreAssembledAutomaticallyAndOnlyWhenTurnedOn() {
        MerchantPolicy off = policy(AcceptancePolicy.AUTO, WhenShort.CANCEL);
        MerchantPolicy on = new MerchantPolicy(AcceptancePolicy.AUTO, WhenShort.CANCEL, DEADLINE, Optional.empty(),
                STORE, Optional.of(2));
        Order kaspiDelivery = anOrder().kaspiDelivery().build();

        assertThat(AcceptanceDecisions.autoAssemble(kaspiDelivery, off)).isEmpty();
        assertThat(AcceptanceDecisions.autoAssemble(order, on)).isEmpty();
        assertThat(AcceptanceDecisions.autoAssemble(kaspiDelivery, on)).map(OrderCommand.AssembleOrder::numberOfSpace)
                .contains(2);
    }

    @Test
    void aPolicyRefusesNonsense() {
        assertThatThrownBy(() -> new MerchantPolicy(AcceptancePolicy.MANUAL, WhenShort.HOLD, Duration.ZERO,
                Optional.empty(), STORE, Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MerchantPolicy(AcceptancePolicy.MANUAL, WhenShort.HOLD, DEADLINE,
                Optional.of(CancellationReason.UNKNOWN), STORE, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
