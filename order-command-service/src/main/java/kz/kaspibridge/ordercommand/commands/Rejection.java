package kz.kaspibridge.ordercommand.commands;

import java.util.Objects;

/**
 * Why a command is refused: a business outcome that becomes {@code OrderCommandRejected}, never a failure to
 * retry.
 *
 * @param detail a sentence for a person; never personal data
 */
public record Rejection(Reason reason, String detail) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** The same symbols as the contract's {@code RejectionReason}. */
    public enum Reason {
        INVALID_TRANSITION,
        INVALID_SECURITY_CODE,
        ALREADY_COMPLETED,
        ORDER_CANCELLED,
        ORDER_NOT_FOUND,
        INVALID_COMMAND,
        OTHER
    }
}
