package kz.kaspibridge.ordercommand.commands;

import java.util.Objects;
import java.util.Optional;
import kz.kaspibridge.ordercommand.orders.CommandId;
import kz.kaspibridge.ordercommand.orders.MerchantId;
import kz.kaspibridge.ordercommand.orders.OrderCode;

/**
 * What a merchant service (or this service's own policy) asks to be done with one order. Each command has a
 * {@link CommandId}: its Kaspi effect happens at most once and it gets exactly one result.
 */
public sealed interface OrderCommand
        permits OrderCommand.AcceptOrder, OrderCommand.CancelOrder, OrderCommand.CompleteOrder,
        OrderCommand.AssembleOrder {

    CommandId commandId();

    OrderCode orderCode();

    MerchantId merchant();

    CommandType type();

    record AcceptOrder(CommandId commandId, OrderCode orderCode, MerchantId merchant) implements OrderCommand {
        public AcceptOrder {
            Header.check(commandId, orderCode, merchant);
        }

        @Override
        public CommandType type() {
            return CommandType.ACCEPT;
        }
    }

    /**
     * @param comment free text for Kaspi, at most {@link CommandValidation#MAX_COMMENT_LENGTH} characters
     *                (checked by {@link CommandValidation}, so an over-long one becomes a rejection, not a crash)
     */
    record CancelOrder(CommandId commandId, OrderCode orderCode, MerchantId merchant, CancellationReason reason,
                       Optional<String> comment) implements OrderCommand {
        public CancelOrder {
            Header.check(commandId, orderCode, merchant);
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(comment, "comment");
        }

        @Override
        public CommandType type() {
            return CommandType.CANCEL;
        }
    }

    /** Without a code, asks Kaspi to send the buyer one; with the buyer's code, completes the order. */
    record CompleteOrder(CommandId commandId, OrderCode orderCode, MerchantId merchant,
                         Optional<String> securityCode) implements OrderCommand {
        public CompleteOrder {
            Header.check(commandId, orderCode, merchant);
            Objects.requireNonNull(securityCode, "securityCode");
        }

        @Override
        public CommandType type() {
            return CommandType.COMPLETE;
        }

        @Override
        public String toString() {
            return "CompleteOrder[commandId=" + commandId + ", orderCode=" + orderCode + ", merchant=" + merchant
                    + ", securityCode=" + (securityCode.isPresent() ? "***" : "none") + "]";
        }
    }

    record AssembleOrder(CommandId commandId, OrderCode orderCode, MerchantId merchant, int numberOfSpace)
            implements OrderCommand {
        public AssembleOrder {
            Header.check(commandId, orderCode, merchant);
        }

        @Override
        public CommandType type() {
            return CommandType.ASSEMBLE;
        }
    }

    /** The command kinds, for metrics tags and rejections. */
    enum CommandType { ACCEPT, CANCEL, COMPLETE, ASSEMBLE }

    /** Checks shared by every command's compact constructor. */
    final class Header {
        private Header() {
        }

        static void check(CommandId commandId, OrderCode orderCode, MerchantId merchant) {
            Objects.requireNonNull(commandId, "commandId");
            Objects.requireNonNull(orderCode, "orderCode");
            Objects.requireNonNull(merchant, "merchant");
        }
    }
}
