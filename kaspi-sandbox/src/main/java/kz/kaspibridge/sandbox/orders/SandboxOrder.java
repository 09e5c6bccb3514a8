package kz.kaspibridge.sandbox.orders;

import java.time.Instant;
import java.util.Optional;

/**
 * One order in the sandbox's book, with Kaspi's status rules. Mutable on purpose: it stands in
 * for Kaspi's database row. Every change is synchronized, and readers take a {@link #snapshot()}.
 */
public final class SandboxOrder {

    static final int MAX_COMMENT_LENGTH = 1000;

    private final OrderSnapshot created;
    private OrderStatus status;
    private String waybill;
    private Integer numberOfSpace;
    private String cancellationReason;
    private String cancellationComment;
    private String pendingSecurityCode;

    SandboxOrder(OrderSnapshot created) {
        this.created = created;
        this.status = created.status();
    }

    public String id() {
        return created.id();
    }

    public String code() {
        return created.code();
    }

    public String merchantId() {
        return created.merchantId();
    }

    public Instant creationDate() {
        return created.creationDate();
    }

    public synchronized OrderStatus status() {
        return status;
    }

    public synchronized OrderState state() {
        return OrderState.of(status, created.deliveryMode(), created.kaspiDelivery());
    }

    public synchronized Optional<Rejection> accept() {
        if (status != OrderStatus.APPROVED_BY_BANK) {
            return illegal(OrderStatus.ACCEPTED_BY_MERCHANT);
        }
        status = OrderStatus.ACCEPTED_BY_MERCHANT;
        return Rejection.none();
    }

    public synchronized Optional<Rejection> cancel(String reason, String comment) {
        CancellationReason parsed;
        try {
            parsed = CancellationReason.valueOf(String.valueOf(reason));
        } catch (IllegalArgumentException e) {
            return Rejection.of("Invalid cancellation reason: " + reason);
        }
        if (comment != null && comment.length() > MAX_COMMENT_LENGTH) {
            return Rejection.of("Cancellation comment must not exceed " + MAX_COMMENT_LENGTH + " characters");
        }
        if (status != OrderStatus.APPROVED_BY_BANK && status != OrderStatus.ACCEPTED_BY_MERCHANT) {
            return illegal(OrderStatus.CANCELLED);
        }
        status = OrderStatus.CANCELLED;
        cancellationReason = parsed.name();
        cancellationComment = comment;
        return Rejection.none();
    }

    /** Step one of completion: Kaspi texts the buyer a code; here the admin API can read it. */
    public synchronized Optional<Rejection> sendSecurityCode(String code) {
        Optional<Rejection> notCompletable = completable();
        if (notCompletable.isPresent()) {
            return notCompletable;
        }
        pendingSecurityCode = code;
        return Rejection.none();
    }

    /** Step two: the code the buyer read out. */
    public synchronized Optional<Rejection> complete(String securityCode) {
        Optional<Rejection> notCompletable = completable();
        if (notCompletable.isPresent()) {
            return notCompletable;
        }
        if (pendingSecurityCode == null || !pendingSecurityCode.equals(securityCode)) {
            return Rejection.of(Rejection.INVALID_SECURITY_CODE);
        }
        status = OrderStatus.COMPLETED;
        pendingSecurityCode = null;
        return Rejection.none();
    }

    /** Kaspi Delivery only: the waybill appears later, see {@link #attachWaybill}. */
    public synchronized Optional<Rejection> assemble(int spaces) {
        if (!created.kaspiDelivery()) {
            return Rejection.of("Order is not a Kaspi Delivery order");
        }
        if (spaces < 1 || spaces > 100) {
            return Rejection.of("numberOfSpace must be between 1 and 100");
        }
        if (status != OrderStatus.ACCEPTED_BY_MERCHANT) {
            return illegal("ASSEMBLE");
        }
        numberOfSpace = spaces;
        return Rejection.none();
    }

    public synchronized void attachWaybill(String url) {
        waybill = url;
    }

    /** Admin: the buyer or the bank cancels; Kaspi passes through CANCELLING first. */
    public synchronized boolean cancelledByKaspi(String reason, boolean stillCancelling) {
        if (status.isFinal()) {
            return false;
        }
        status = stillCancelling ? OrderStatus.CANCELLING : OrderStatus.CANCELLED;
        cancellationReason = reason;
        return true;
    }

    /** Admin: a return is requested (Kaspi Delivery) and then completed. */
    public synchronized boolean returned(boolean onlyRequested) {
        if (status != OrderStatus.COMPLETED && status != OrderStatus.ACCEPTED_BY_MERCHANT
                && status != OrderStatus.KASPI_DELIVERY_RETURN_REQUESTED) {
            return false;
        }
        status = onlyRequested ? OrderStatus.KASPI_DELIVERY_RETURN_REQUESTED : OrderStatus.RETURNED;
        return true;
    }

    /** Admin: Kaspi itself completes an order, as its couriers do for Kaspi Delivery. */
    public synchronized boolean completedByKaspi() {
        if (status != OrderStatus.ACCEPTED_BY_MERCHANT) {
            return false;
        }
        status = OrderStatus.COMPLETED;
        return true;
    }

    public synchronized OrderSnapshot snapshot() {
        OrderSnapshot c = created;
        return new OrderSnapshot(c.id(), c.code(), c.merchantId(), status, state(), c.creationDate(),
                c.approvedByBankDate(), c.plannedDeliveryDate(), c.totalPrice(), c.deliveryCost(),
                c.deliveryCostForSeller(), c.paymentMode(), c.deliveryMode(), c.kaspiDelivery(), waybill,
                numberOfSpace, c.signatureRequired(), c.preOrder(), c.creditTerm(), c.pickupPointId(),
                c.deliveryAddress(), c.customer(), c.entries(), cancellationReason, cancellationComment,
                pendingSecurityCode);
    }

    private Optional<Rejection> completable() {
        if (status == OrderStatus.COMPLETED) {
            return Rejection.of(Rejection.ALREADY_COMPLETED);
        }
        if (status == OrderStatus.CANCELLED || status == OrderStatus.CANCELLING) {
            return Rejection.of(Rejection.ORDER_CANCELLED);
        }
        if (status != OrderStatus.ACCEPTED_BY_MERCHANT) {
            return illegal(OrderStatus.COMPLETED);
        }
        return Rejection.none();
    }

    private Optional<Rejection> illegal(Object target) {
        return Rejection.of("Order status cannot be changed from " + status + " to " + target);
    }
}
