package kz.kaspibridge.ordercommand.policy;

import java.time.Instant;
import java.util.Optional;
import kz.kaspibridge.ordercommand.commands.OrderCommand;
import kz.kaspibridge.ordercommand.orders.CommandId;
import kz.kaspibridge.ordercommand.orders.Order;
import kz.kaspibridge.ordercommand.orders.OrderStatus;
import kz.kaspibridge.ordercommand.stock.StockReservations.Outcome;

/** The acceptance policy: what to do with a new order, given the merchant's settings and, for STOCK, the stock. */
public final class AcceptanceDecisions {

    private AcceptanceDecisions() {
    }

    /** A STOCK order whose entries draw on several stores waits for a person, like a short one. */
    public static PolicyDecision severalStores(Order order, MerchantPolicy policy) {
        return new PolicyDecision.Hold(PolicyCommandIds.acceptance(order), PolicyDecision.HoldReason.SEVERAL_STORES,
                order.receivedAt().plus(policy.manualDeadline()));
    }

    /** Whether deciding needs a stock reservation first (so the caller reserves only then). */
    public static boolean needsStock(Order order, MerchantPolicy policy) {
        return policy.policy() == AcceptancePolicy.STOCK && order.status() == OrderStatus.APPROVED_BY_BANK;
    }

    /**
     * @param reservation the reservation outcome when {@link #needsStock} says so; ignored otherwise
     */
    public static PolicyDecision decide(Order order, MerchantPolicy policy, Outcome reservation) {
        CommandId id = PolicyCommandIds.acceptance(order);
        if (order.status() != OrderStatus.APPROVED_BY_BANK) {
            return new PolicyDecision.Ignore(id, "order arrived in status " + order.status());
        }
        Instant deadline = order.receivedAt().plus(policy.manualDeadline());
        switch (policy.policy()) {
            case AUTO:
                return new PolicyDecision.Accept(id);
            case MANUAL:
                return new PolicyDecision.Hold(id, PolicyDecision.HoldReason.MANUAL_POLICY, deadline);
            case STOCK:
                return decideOnStock(id, policy, reservation, deadline);
            default:
                throw new IllegalStateException("unknown policy " + policy.policy());
        }
    }

    /**
     * What to do once a held order's deadline has passed: the cancellation the merchant configured, with its
     * own deterministic command id, or nothing (the overdue order is then only reported).
     */
    public static Optional<OrderCommand.CancelOrder> overdueCancel(Order order, MerchantPolicy policy) {
        return policy.cancelWhenOverdue().map(reason -> new OrderCommand.CancelOrder(
                PolicyCommandIds.overdueCancel(order), order.code(), order.merchant(), reason,
                Optional.of("not accepted before the merchant's deadline")));
    }

    /** The automatic assembly of an accepted Kaspi Delivery order, when the merchant turned it on. */
    public static Optional<OrderCommand.AssembleOrder> autoAssemble(Order order, MerchantPolicy policy) {
        if (!order.kaspiDelivery()) {
            return Optional.empty();
        }
        return policy.autoAssemblePlaces().map(places -> new OrderCommand.AssembleOrder(
                PolicyCommandIds.autoAssemble(order), order.code(), order.merchant(), places));
    }

    private static PolicyDecision decideOnStock(CommandId id, MerchantPolicy policy, Outcome reservation,
                                                Instant deadline) {
        if (reservation == null) {
            throw new IllegalArgumentException("the STOCK policy needs a reservation outcome");
        }
        if (reservation instanceof Outcome.Reserved) {
            return new PolicyDecision.Accept(id);
        }
        Outcome.Short shortage = (Outcome.Short) reservation;
        return policy.whenShort() == WhenShort.CANCEL
                ? new PolicyDecision.CancelOutOfStock(id, shortage.shortages())
                : new PolicyDecision.Hold(id, PolicyDecision.HoldReason.OUT_OF_STOCK, deadline);
    }
}
