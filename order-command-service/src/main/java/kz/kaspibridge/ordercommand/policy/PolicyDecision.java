package kz.kaspibridge.ordercommand.policy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import kz.kaspibridge.ordercommand.orders.CommandId;
import kz.kaspibridge.ordercommand.stock.StockReservations.Shortage;

/**
 * What the acceptance policy decided for one new order. Every decision carries the same deterministic
 * {@link CommandId} for an order ({@link PolicyCommandIds#acceptance}), so a redelivered {@code OrderReceived}
 * can never produce a second one.
 */
public sealed interface PolicyDecision
        permits PolicyDecision.Accept, PolicyDecision.CancelOutOfStock, PolicyDecision.Hold, PolicyDecision.Ignore {

    CommandId commandId();

    /** Accept it in Kaspi (stock, if the policy is STOCK, is already reserved). */
    record Accept(CommandId commandId) implements PolicyDecision {
        public Accept {
            Objects.requireNonNull(commandId, "commandId");
        }
    }

    /** Cancel it in Kaspi with {@code MERCHANT_OUT_OF_STOCK}; nothing was reserved. */
    record CancelOutOfStock(CommandId commandId, List<Shortage> shortages) implements PolicyDecision {
        public CancelOutOfStock {
            Objects.requireNonNull(commandId, "commandId");
            shortages = List.copyOf(shortages);
        }
    }

    /** Wait for an {@code AcceptOrder} or {@code CancelOrder} command until {@code deadline}. */
    record Hold(CommandId commandId, HoldReason reason, Instant deadline) implements PolicyDecision {
        public Hold {
            Objects.requireNonNull(commandId, "commandId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(deadline, "deadline");
        }

        public boolean isOverdue(Instant now) {
            return !now.isBefore(deadline);
        }
    }

    /** The order is no longer waiting for acceptance (already accepted, cancelled...): do nothing. */
    record Ignore(CommandId commandId, String why) implements PolicyDecision {
        public Ignore {
            Objects.requireNonNull(commandId, "commandId");
            Objects.requireNonNull(why, "why");
        }
    }

    /** Why an order waits for a person: the MANUAL policy, short stock, or entries drawing on several stores. */
    enum HoldReason { MANUAL_POLICY, OUT_OF_STOCK, SEVERAL_STORES }
}
