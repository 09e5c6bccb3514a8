package kz.kaspibridge.ordercommand.effects;

import java.util.Objects;
import java.util.Optional;
import kz.kaspibridge.ordercommand.orders.OrderStatus;

/**
 * What Kaspi's current view of an order means for an effect about to be carried out. The executor reads the order
 * before every write, and again after a 5xx or a timeout: an effect Kaspi already shows is a success (so a replay
 * after a crash, or a retry after Kaspi applied the change and then timed out, never writes twice), and an effect
 * the order can no longer take is a business refusal, not a retry.
 */
public final class EffectRules {

    private EffectRules() {
    }

    /** The Kaspi writes the executor makes. */
    public enum Kind { ACCEPT, CANCEL, SEND_CODE, COMPLETE, ASSEMBLE }

    /**
     * Kaspi already shows the effect. Sending the completion code leaves no trace in the order, so it is never
     * "already done": after an uncertain failure the code may be sent twice (the buyer gets a second text).
     */
    public static boolean alreadyDone(Kind kind, OrderStatus status, boolean hasWaybill) {
        switch (kind) {
            case ACCEPT:
                return status == OrderStatus.ACCEPTED_BY_MERCHANT || status == OrderStatus.COMPLETED
                        || status == OrderStatus.KASPI_DELIVERY_RETURN_REQUESTED || status.isReturn();
            case CANCEL:
                return status.isCancelled();
            case COMPLETE:
                return status == OrderStatus.COMPLETED;
            case ASSEMBLE:
                return hasWaybill;
            default:
                return false;
        }
    }

    /** Why the order, as Kaspi shows it now, cannot take the effect; empty when it can. */
    public static Optional<Refusal> refusal(Kind kind, OrderStatus status) {
        if (kind == Kind.ACCEPT) {
            if (status.isCancelled()) {
                return refuse("ALREADY_CANCELLED", "Kaspi shows the order " + status);
            }
            return status == OrderStatus.APPROVED_BY_BANK ? Optional.empty()
                    : refuse("NOT_APPROVED_BY_BANK", "Kaspi shows the order " + status);
        }
        if (status == OrderStatus.COMPLETED) {
            return refuse("ALREADY_COMPLETED", "Kaspi shows the order COMPLETED");
        }
        if (status.isCancelled()) {
            return refuse("ORDER_CANCELLED", "Kaspi shows the order " + status);
        }
        if (kind == Kind.CANCEL) {
            return status == OrderStatus.APPROVED_BY_BANK || status == OrderStatus.ACCEPTED_BY_MERCHANT
                    ? Optional.empty() : refuse("INVALID_TRANSITION", "cannot cancel an order in status " + status);
        }
        return status == OrderStatus.ACCEPTED_BY_MERCHANT ? Optional.empty()
                : refuse("INVALID_TRANSITION", kind + " needs ACCEPTED_BY_MERCHANT, Kaspi shows " + status);
    }

    private static Optional<Refusal> refuse(String reason, String detail) {
        return Optional.of(new Refusal(reason, detail));
    }

    /**
     * @param reason an {@code AcceptFailureReason} symbol for ACCEPT, a {@code RejectionReason} symbol otherwise
     */
    public record Refusal(String reason, String detail) {
        public Refusal {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
