package kz.kaspibridge.ordercommand.commands;

import java.util.Optional;
import kz.kaspibridge.ordercommand.commands.OrderCommand.AcceptOrder;
import kz.kaspibridge.ordercommand.commands.OrderCommand.AssembleOrder;
import kz.kaspibridge.ordercommand.commands.OrderCommand.CancelOrder;
import kz.kaspibridge.ordercommand.commands.OrderCommand.CompleteOrder;
import kz.kaspibridge.ordercommand.commands.Rejection.Reason;
import kz.kaspibridge.ordercommand.orders.OrderStatus;

/**
 * Decides, before anything is sent to Kaspi, whether a command may run against an order in its last known
 * status. A refusal is a {@link Rejection}; an empty answer means "go ahead".
 */
public final class CommandValidation {

    /** Kaspi's limit on {@code cancellationComment}. */
    public static final int MAX_COMMENT_LENGTH = 1000;
    /** Kaspi makes one waybill label per place; more than this is certainly a typo. */
    public static final int MAX_NUMBER_OF_SPACE = 100;

    private CommandValidation() {
    }

    /**
     * @param known the order as this service last saw it; empty when it never saw the order
     */
    public static Optional<Rejection> validate(OrderCommand command, Optional<KnownOrder> known) {
        Optional<Rejection> shape = checkShape(command);
        if (shape.isPresent()) {
            return shape;
        }
        if (known.isEmpty()) {
            return reject(Reason.ORDER_NOT_FOUND, "order " + command.orderCode() + " is unknown to this service");
        }
        if (!known.get().merchant().equals(command.merchant())) {
            return reject(Reason.ORDER_NOT_FOUND, "order " + command.orderCode() + " does not belong to merchant "
                    + command.merchant());
        }
        return checkTransition(command, known.get());
    }

    private static Optional<Rejection> checkShape(OrderCommand command) {
        if (command instanceof CancelOrder) {
            CancelOrder cancel = (CancelOrder) command;
            if (cancel.reason() == CancellationReason.UNKNOWN) {
                return reject(Reason.INVALID_COMMAND, "cancellation reason must be one of "
                        + "BUYER_CANCELLATION_BY_MERCHANT, BUYER_NOT_REACHABLE, MERCHANT_OUT_OF_STOCK");
            }
            int length = cancel.comment().map(String::length).orElse(0);
            if (length > MAX_COMMENT_LENGTH) {
                return reject(Reason.INVALID_COMMAND, "cancellation comment has " + length
                        + " characters, at most " + MAX_COMMENT_LENGTH + " allowed");
            }
        } else if (command instanceof AssembleOrder) {
            int places = ((AssembleOrder) command).numberOfSpace();
            if (places < 1 || places > MAX_NUMBER_OF_SPACE) {
                return reject(Reason.INVALID_COMMAND, "numberOfSpace must be 1.." + MAX_NUMBER_OF_SPACE
                        + ", was " + places);
            }
        } else if (command instanceof CompleteOrder) {
            Optional<String> code = ((CompleteOrder) command).securityCode();
            if (code.isPresent() && code.get().isBlank()) {
                return reject(Reason.INVALID_COMMAND, "securityCode is blank: omit it to have Kaspi send one");
            }
        }
        return Optional.empty();
    }

    private static Optional<Rejection> checkTransition(OrderCommand command, KnownOrder order) {
        OrderStatus status = order.status();
        if (status == OrderStatus.COMPLETED) {
            return reject(Reason.ALREADY_COMPLETED, "order " + order.code() + " is already COMPLETED");
        }
        if (status.isCancelled()) {
            return reject(Reason.ORDER_CANCELLED, "order " + order.code() + " is " + status);
        }
        if (command instanceof AcceptOrder) {
            return requireStatus(command, order, OrderStatus.APPROVED_BY_BANK);
        }
        if (command instanceof CancelOrder) {
            return status == OrderStatus.APPROVED_BY_BANK || status == OrderStatus.ACCEPTED_BY_MERCHANT
                    ? Optional.empty()
                    : illegal(command, order);
        }
        if (command instanceof AssembleOrder && !order.kaspiDelivery()) {
            return reject(Reason.INVALID_TRANSITION, "order " + order.code()
                    + " is not a Kaspi Delivery order: only those are assembled");
        }
        // Complete and assemble both need the merchant to have accepted.
        return requireStatus(command, order, OrderStatus.ACCEPTED_BY_MERCHANT);
    }

    private static Optional<Rejection> requireStatus(OrderCommand command, KnownOrder order, OrderStatus required) {
        return order.status() == required ? Optional.empty() : illegal(command, order);
    }

    private static Optional<Rejection> illegal(OrderCommand command, KnownOrder order) {
        return reject(Reason.INVALID_TRANSITION, command.type() + " is not allowed for order " + order.code()
                + " in status " + order.status());
    }

    private static Optional<Rejection> reject(Reason reason, String detail) {
        return Optional.of(new Rejection(reason, detail));
    }
}
