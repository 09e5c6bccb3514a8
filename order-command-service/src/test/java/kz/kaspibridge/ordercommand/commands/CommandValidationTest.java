package kz.kaspibridge.ordercommand.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import kz.kaspibridge.ordercommand.commands.OrderCommand.AcceptOrder;
import kz.kaspibridge.ordercommand.commands.OrderCommand.AssembleOrder;
import kz.kaspibridge.ordercommand.commands.OrderCommand.CancelOrder;
import kz.kaspibridge.ordercommand.commands.OrderCommand.CompleteOrder;
import kz.kaspibridge.ordercommand.commands.Rejection.Reason;
import kz.kaspibridge.ordercommand.orders.CommandId;
import kz.kaspibridge.ordercommand.orders.MerchantId;
import kz.kaspibridge.ordercommand.orders.OrderCode;
import kz.kaspibridge.ordercommand.orders.OrderStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CommandValidationTest {

    private static final CommandId ID = new CommandId("c1");
    private static final OrderCode CODE = new OrderCode("100001");
    private static final MerchantId MERCHANT = new MerchantId("m1");

    private static Optional<KnownOrder> known(OrderStatus status) {
        return Optional.of(new KnownOrder(CODE, MERCHANT, status, false));
    }

    private static Optional<KnownOrder> knownKaspiDelivery(OrderStatus status) {
        return Optional.of(new KnownOrder(CODE, MERCHANT, status, true));
    }

    private static CancelOrder cancel(CancellationReason reason, String comment) {
        return new CancelOrder(ID, CODE, MERCHANT, reason, Optional.ofNullable(comment));
    }

    private static Optional<Reason> reasonOf(OrderCommand command, Optional<KnownOrder> order) {
        return CommandValidation.validate(command, order).map(Rejection::reason);
    }

    @Test
    void acceptsAnApprovedOrder() {
        assertThat(CommandValidation.validate(new AcceptOrder(ID, CODE, MERCHANT), known(OrderStatus.APPROVED_BY_BANK)))
                .isEmpty();
    }

    @Test
    void anUnknownOrderIsNotFound() {
        assertThat(reasonOf(new AcceptOrder(ID, CODE, MERCHANT), Optional.empty())).contains(Reason.ORDER_NOT_FOUND);
    }

    @Test
    void anotherMerchantsOrderIsNotFound() {
        Optional<KnownOrder> theirs = Optional.of(new KnownOrder(CODE, new MerchantId("m2"),
                OrderStatus.APPROVED_BY_BANK, false));

        assertThat(reasonOf(new AcceptOrder(ID, CODE, MERCHANT), theirs)).contains(Reason.ORDER_NOT_FOUND);
    }

    @ParameterizedTest
    @EnumSource(value = CancellationReason.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
    void cancelsWithEachReasonKaspiAccepts(CancellationReason reason) {
        assertThat(CommandValidation.validate(cancel(reason, "called twice"), known(OrderStatus.ACCEPTED_BY_MERCHANT)))
                .isEmpty();
    }

    @Test
    void anInvalidReasonIsRejected() {
        Optional<Rejection> rejection = CommandValidation.validate(cancel(CancellationReason.UNKNOWN, null),
                known(OrderStatus.APPROVED_BY_BANK));

        assertThat(rejection).map(Rejection::reason).contains(Reason.INVALID_COMMAND);
        assertThat(rejection.get().detail()).contains("cancellation reason");
    }

    @Test
    void aCommentOfAThousandCharactersIsFineAndOneMoreIsRejected() {
        String limit = "x".repeat(1000);

        assertThat(CommandValidation.validate(cancel(CancellationReason.BUYER_NOT_REACHABLE, limit),
                known(OrderStatus.APPROVED_BY_BANK))).isEmpty();
        Optional<Rejection> tooLong = CommandValidation.validate(
                cancel(CancellationReason.BUYER_NOT_REACHABLE, limit + "x"), known(OrderStatus.APPROVED_BY_BANK));
        assertThat(tooLong).map(Rejection::reason).contains(Reason.INVALID_COMMAND);
        assertThat(tooLong.get().detail()).contains("1001").contains("1000");
    }

    @Test
    void aBadCommandIsRejectedAsSuchEvenForAnUnknownOrder() {
        assertThat(reasonOf(cancel(CancellationReason.UNKNOWN, null), Optional.empty()))
                .contains(Reason.INVALID_COMMAND);
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource({
            "ACCEPT, APPROVED_BY_BANK, ",
            "ACCEPT, ACCEPTED_BY_MERCHANT, INVALID_TRANSITION",
            "ACCEPT, CANCELLED, ORDER_CANCELLED",
            "ACCEPT, CANCELLING, ORDER_CANCELLED",
            "ACCEPT, COMPLETED, ALREADY_COMPLETED",
            "CANCEL, APPROVED_BY_BANK, ",
            "CANCEL, ACCEPTED_BY_MERCHANT, ",
            "CANCEL, CANCELLED, ORDER_CANCELLED",
            "CANCEL, COMPLETED, ALREADY_COMPLETED",
            "CANCEL, RETURNED, INVALID_TRANSITION",
            "COMPLETE, APPROVED_BY_BANK, INVALID_TRANSITION",
            "COMPLETE, ACCEPTED_BY_MERCHANT, ",
            "COMPLETE, COMPLETED, ALREADY_COMPLETED",
            "COMPLETE, KASPI_DELIVERY_RETURN_REQUESTED, INVALID_TRANSITION",
            "ASSEMBLE, APPROVED_BY_BANK, INVALID_TRANSITION",
            "ASSEMBLE, ACCEPTED_BY_MERCHANT, ",
            "ASSEMBLE, CANCELLED, ORDER_CANCELLED",
    })
    void legalTransitions(String type, OrderStatus status, Reason expected) {
        OrderCommand command = command(type);

        assertThat(reasonOf(command, knownKaspiDelivery(status))).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void onlyKaspiDeliveryOrdersAreAssembled() {
        Optional<Rejection> rejection = CommandValidation.validate(new AssembleOrder(ID, CODE, MERCHANT, 1),
                known(OrderStatus.ACCEPTED_BY_MERCHANT));

        assertThat(rejection).map(Rejection::reason).contains(Reason.INVALID_TRANSITION);
        assertThat(rejection.get().detail()).contains("Kaspi Delivery");
    }

    @ParameterizedTest
    @CsvSource({"0", "-1", "101"})
    void aNumberOfSpaceOutOfRangeIsRejected(int places) {
        assertThat(reasonOf(new AssembleOrder(ID, CODE, MERCHANT, places),
                knownKaspiDelivery(OrderStatus.ACCEPTED_BY_MERCHANT))).contains(Reason.INVALID_COMMAND);
    }

    @Test
    void aBlankSecurityCodeIsRejectedAndTheCodeNeverAppearsInText() {
        assertThat(reasonOf(new CompleteOrder(ID, CODE, MERCHANT, Optional.of(" ")),
                known(OrderStatus.ACCEPTED_BY_MERCHANT))).contains(Reason.INVALID_COMMAND);
        assertThat(new CompleteOrder(ID, CODE, MERCHANT, Optional.of("123456")).toString()).doesNotContain("123456");
    }

    private static OrderCommand command(String type) {
        switch (type) {
            case "ACCEPT":
                return new AcceptOrder(ID, CODE, MERCHANT);
            case "CANCEL":
                return cancel(CancellationReason.MERCHANT_OUT_OF_STOCK, null);
            case "COMPLETE":
                return new CompleteOrder(ID, CODE, MERCHANT, Optional.empty());
            case "ASSEMBLE":
                return new AssembleOrder(ID, CODE, MERCHANT, 2);
            default:
                throw new IllegalArgumentException(type);
        }
    }
}
