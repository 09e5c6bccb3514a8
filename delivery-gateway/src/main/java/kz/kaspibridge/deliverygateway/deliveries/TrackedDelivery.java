package kz.kaspibridge.deliverygateway.deliveries;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the gateway knows of one order's delivery, and every rule that changes it. Plain values: the Streams
 * processor stores it (JSON) per order code and turns each {@link Step}'s outputs into events and Kaspi calls.
 *
 * @param booking              where our booking of a courier for the order stands
 * @param deliveryId           Kaspi's id, once booked (or named by a {@code CancelDelivery})
 * @param status               the furthest status reached, by the forward-only {@link StatusRule}
 * @param statusAt             when Kaspi says that status was reached
 * @param lastHeardAt          when a booking, report or reading about it last arrived (our clock)
 * @param cancel               where a cancel of the delivery stands
 * @param pending              reports for a delivery id not (yet) known here, kept until its booking is seen
 * @param answered             command ids already answered, so a redelivered command does nothing
 * @param reconcileRequestedAt when a reconciliation read was last asked for, if one is outstanding
 */
public record TrackedDelivery(String orderCode, String merchantId, String correlationId, Booking booking,
                              String bookCommandId, String deliveryId, DeliveryStatus status, Instant statusAt,
                              Instant lastHeardAt, CancelState cancel, String cancelCommandId, String cancelReason,
                              List<StatusReport> pending, List<String> answered, Instant reconcileRequestedAt) {

    /** How many reports for unknown delivery ids one order keeps; more would only be a flood. */
    public static final int MAX_PENDING = 20;
    /** How many answered command ids one order remembers (an order has a handful of delivery commands). */
    public static final int MAX_ANSWERED = 32;

    public enum Booking { NONE, REQUESTED, BOOKED, FAILED }

    public enum CancelState {
        NONE,
        /** Asked for while the booking was in flight: sent once the delivery id is known. */
        WAITING_FOR_BOOKING,
        REQUESTED, DONE, REJECTED
    }

    /** The new state and what it asks for, in order. */
    public record Step(TrackedDelivery state, List<Out> outs) {
        Step then(Step next) {
            List<Out> all = new ArrayList<>(outs);
            all.addAll(next.outs());
            return new Step(next.state(), List.copyOf(all));
        }

        Step plus(Out out) {
            List<Out> all = new ArrayList<>(outs);
            all.add(out);
            return new Step(state, List.copyOf(all));
        }
    }

    public TrackedDelivery {
        pending = pending == null ? List.of() : List.copyOf(pending);
        answered = answered == null ? List.of() : List.copyOf(answered);
        booking = booking == null ? Booking.NONE : booking;
        cancel = cancel == null ? CancelState.NONE : cancel;
    }

    /**
     * Nothing known about the order yet but who its first record names: the merchant and the flow's correlation id,
     * which every event of the order carries (either may be null).
     */
    public static TrackedDelivery unknown(String orderCode, String merchantId, String correlationId, Instant now) {
        return new TrackedDelivery(orderCode, merchantId, correlationId, Booking.NONE, null, null, null, null, now,
                CancelState.NONE, null, null, List.of(), List.of(), null);
    }

    // Commands.

    /** A {@code BookDelivery}: one booking per order, however often the command (or another one) arrives. */
    public Step book(String commandId, String merchant, String correlation, Instant now) {
        if (answered.contains(commandId)) {
            return new Step(this, List.of(new Out.CommandIgnored(commandId, true, "command already answered")));
        }
        TrackedDelivery s = answering(commandId, merchant, correlation, now);
        if (booking == Booking.BOOKED || booking == Booking.REQUESTED) {
            return new Step(s, List.of(new Out.CommandIgnored(commandId, true,
                    booking == Booking.BOOKED ? "the order already has delivery " + deliveryId
                            : "a booking for the order is in flight")));
        }
        if (deliveryId != null) {
            return new Step(s, List.of(new Out.Refused(commandId, "the order already has delivery " + deliveryId)));
        }
        s = s.with(Booking.REQUESTED, commandId);
        return new Step(s, List.of(new Out.RequestBooking(commandId)));
    }

    /**
     * A {@code CancelDelivery}. Without a delivery id the order's own delivery is meant. Cancelling a delivery
     * already cancelled is a success at once, with no call.
     */
    public Step cancel(String commandId, String givenDeliveryId, String reason, String merchant, String correlation,
                       Instant now) {
        if (answered.contains(commandId)) {
            return new Step(this, List.of(new Out.CommandIgnored(commandId, false, "command already answered")));
        }
        TrackedDelivery s = answering(commandId, merchant, correlation, now);
        if (cancel == CancelState.REQUESTED || cancel == CancelState.WAITING_FOR_BOOKING) {
            // One cancel at a time: its answer (DeliveryCancelled or DeliveryCancelRejected) answers the order.
            return new Step(s, List.of(new Out.CommandIgnored(commandId, false,
                    "a cancel of the order's delivery is in flight (command " + cancelCommandId + ")")));
        }
        String id = givenDeliveryId != null ? givenDeliveryId : deliveryId;
        if (id == null) {
            if (booking == Booking.REQUESTED) {
                return new Step(s.cancelling(CancelState.WAITING_FOR_BOOKING, commandId, reason), List.of());
            }
            return new Step(s, List.of(new Out.Refused(commandId, booking == Booking.FAILED
                    ? "the order's booking failed: there is no delivery to cancel"
                    : "no delivery is known for order " + orderCode)));
        }
        if (id.equals(deliveryId) && status == DeliveryStatus.CANCELLED) {
            return new Step(s.cancelling(CancelState.DONE, commandId, reason),
                    List.of(new Out.Cancelled(id, reason, commandId, now)));
        }
        if (deliveryId == null) {
            s = s.withDelivery(id);
        }
        return new Step(s.cancelling(CancelState.REQUESTED, commandId, reason),
                List.of(new Out.RequestCancel(id, reason, commandId)));
    }

    // What Kaspi says.

    /** A status report (a webhook, relayed by the ingress). */
    public Step report(StatusReport report, Instant now) {
        TrackedDelivery s = heard(now);
        if (deliveryId == null || !deliveryId.equals(report.deliveryId())) {
            List<StatusReport> kept = new ArrayList<>(pending);
            kept.add(report);
            List<Out> outs = new ArrayList<>();
            outs.add(new Out.ReportKept(report.deliveryId(), report.status(), report.source()));
            if (kept.size() > MAX_PENDING) {
                kept.remove(0);
                outs.add(new Out.ReportsDropped(1, "more than " + MAX_PENDING + " reports for unknown deliveries"));
            }
            return new Step(s.withPending(kept), List.copyOf(outs));
        }
        return s.apply(report, "report");
    }

    /** Kaspi booked the delivery (or answered a reused key with the delivery booked before). */
    public Step booked(String commandId, String id, DeliveryStatus bookedStatus, String trackingUrl, Instant pickupBy,
                       Instant deliveryBy, Instant now) {
        TrackedDelivery s = heard(now);
        if (booking == Booking.BOOKED) {
            return new Step(s, id.equals(deliveryId) ? List.of()
                    : List.of(new Out.Anomaly("a second delivery " + id + " for an order booked as " + deliveryId)));
        }
        s = s.with(Booking.BOOKED, bookCommandId != null ? bookCommandId : commandId).withDelivery(id);
        Step step = new Step(s, List.of(new Out.Booked(id, bookedStatus, trackingUrl, pickupBy, deliveryBy,
                commandId, now)));
        step = step.then(step.state().apply(new StatusReport(id, bookedStatus, now, "booking"), "booking"));
        List<StatusReport> waiting = step.state().pending.stream().filter(r -> r.deliveryId().equals(id))
                .sorted(Comparator.comparing(StatusReport::status).thenComparing(StatusReport::statusAt))
                .toList();
        List<StatusReport> others = step.state().pending.stream().filter(r -> !r.deliveryId().equals(id)).toList();
        step = new Step(step.state().withPending(others), step.outs());
        for (StatusReport report : waiting) {
            step = step.then(step.state().apply(report, "report"));
        }
        TrackedDelivery after = step.state();
        if (after.cancel == CancelState.WAITING_FOR_BOOKING) {
            step = new Step(after.cancelling(CancelState.REQUESTED, after.cancelCommandId, after.cancelReason),
                    step.outs()).plus(new Out.RequestCancel(id, after.cancelReason, after.cancelCommandId));
        }
        return step;
    }

    /** Kaspi refused the booking (4xx), or it could not be made within the retry budget. */
    public Step bookingFailed(String commandId, String reason, Integer httpStatus, Instant now) {
        TrackedDelivery s = heard(now);
        if (booking != Booking.REQUESTED) {
            return new Step(s, List.of());
        }
        Step step = new Step(s.with(Booking.FAILED, bookCommandId),
                List.of(new Out.BookingFailed(reason, httpStatus, commandId, now)));
        if (s.cancel == CancelState.WAITING_FOR_BOOKING) {
            step = new Step(step.state().cancelling(CancelState.DONE, s.cancelCommandId, s.cancelReason),
                    step.outs()).plus(new Out.CancelMoot(s.cancelCommandId));
        }
        return step;
    }

    /** Kaspi cancelled the delivery (or it was cancelled already). */
    public Step cancelled(String commandId, String id, Instant now) {
        TrackedDelivery s = heard(now);
        if (cancel == CancelState.DONE) {
            return new Step(s, List.of());
        }
        Step step = new Step(s.cancelling(CancelState.DONE, commandId, cancelReason),
                List.of(new Out.Cancelled(id, cancelReason, commandId, now)));
        if (id.equals(deliveryId)) {
            step = step.then(step.state().apply(new StatusReport(id, DeliveryStatus.CANCELLED, now, "cancel"),
                    "cancel"));
        }
        return step;
    }

    /** Kaspi refused the cancel (409: picked up already); {@code observed} is its status then, if read. */
    public Step cancelRejected(String commandId, String id, String reason, DeliveryStatus observed, Instant now) {
        TrackedDelivery s = heard(now);
        if (cancel == CancelState.DONE || cancel == CancelState.REJECTED) {
            return new Step(s, List.of());
        }
        Step step = new Step(s.cancelling(CancelState.REJECTED, commandId, cancelReason),
                List.of(new Out.CancelRejected(id, reason, commandId, now)));
        if (observed != null && id.equals(deliveryId)) {
            step = step.then(step.state().apply(new StatusReport(id, observed, now, "cancel"), "reconciliation"));
        }
        return step;
    }

    /** A reconciliation read: applied by the same forward-only rule as a report. */
    public Step observed(StatusReport reading, Instant now) {
        TrackedDelivery s = heard(now).withReconcileRequestedAt(null);
        if (!reading.deliveryId().equals(deliveryId)) {
            return new Step(s, List.of(new Out.Anomaly("a reading of delivery " + reading.deliveryId()
                    + " for an order with delivery " + deliveryId)));
        }
        return s.apply(reading, "reconciliation");
    }

    // Time.

    /**
     * Due for a reconciliation read: booked, not final, no word of it for {@code quiet}, and no read asked for in
     * that time either.
     */
    public boolean dueForReconciliation(Instant now, Duration quiet) {
        return booking == Booking.BOOKED && deliveryId != null && status != null && !status.isFinal()
                && !lastHeardAt.plus(quiet).isAfter(now)
                && (reconcileRequestedAt == null || !reconcileRequestedAt.plus(quiet).isAfter(now));
    }

    public Step reconcile(Instant now) {
        return new Step(withReconcileRequestedAt(now), List.of(new Out.RequestReconciliation(deliveryId)));
    }

    /**
     * Whether to forget the order: a final delivery {@code retention} after the last word of it; an order with no
     * delivery (reports nobody booked, a failed booking) {@code unknownWait} after it; anything else (a booking
     * that never got an answer, a delivery stuck short of final) three retentions after the last word.
     */
    public Optional<Out> expired(Instant now, Duration retention, Duration unknownWait) {
        boolean gone;
        if (deliveryId != null && status != null && status.isFinal()) {
            gone = lastHeardAt.plus(retention).isBefore(now);
        } else if (deliveryId == null && booking != Booking.REQUESTED) {
            gone = lastHeardAt.plus(unknownWait).isBefore(now);
        } else {
            gone = lastHeardAt.plus(retention.multipliedBy(3)).isBefore(now);
        }
        if (!gone) {
            return Optional.empty();
        }
        return Optional.of(new Out.ReportsDropped(pending.size(), deliveryId == null
                ? "no booking seen for the reported delivery" : "the order was forgotten"));
    }

    // The rule.

    private Step apply(StatusReport report, String via) {
        StatusRule.Verdict verdict = StatusRule.judge(status, report.status());
        if (verdict != StatusRule.Verdict.MOVED) {
            return new Step(this, List.of(new Out.ReportIgnored(report.deliveryId(), report.status(), verdict,
                    report.source())));
        }
        Duration inPrevious = statusAt == null || report.statusAt().isBefore(statusAt) ? null
                : Duration.between(statusAt, report.statusAt());
        TrackedDelivery moved = new TrackedDelivery(orderCode, merchantId, correlationId, booking, bookCommandId,
                deliveryId, report.status(), report.statusAt(), lastHeardAt, cancel, cancelCommandId, cancelReason,
                pending, answered, report.status().isFinal() ? null : reconcileRequestedAt);
        return new Step(moved, List.of(new Out.StatusChanged(report.deliveryId(), status, report.status(),
                report.statusAt(), inPrevious, via)));
    }

    // Copies.

    /** A command's merchant wins: its API key is the one the Delivery API is called with. */
    private TrackedDelivery answering(String commandId, String merchant, String correlation, Instant now) {
        List<String> ids = new ArrayList<>(answered);
        ids.add(commandId);
        while (ids.size() > MAX_ANSWERED) {
            ids.remove(0);
        }
        return new TrackedDelivery(orderCode, merchant != null ? merchant : merchantId,
                correlationId != null ? correlationId : correlation, booking, bookCommandId, deliveryId, status,
                statusAt, now, cancel, cancelCommandId, cancelReason, pending, ids, reconcileRequestedAt);
    }

    private TrackedDelivery heard(Instant now) {
        return new TrackedDelivery(orderCode, merchantId, correlationId, booking, bookCommandId, deliveryId, status,
                statusAt, now, cancel, cancelCommandId, cancelReason, pending, answered, reconcileRequestedAt);
    }

    private TrackedDelivery with(Booking value, String commandId) {
        return new TrackedDelivery(orderCode, merchantId, correlationId, value, commandId, deliveryId, status,
                statusAt, lastHeardAt, cancel, cancelCommandId, cancelReason, pending, answered, reconcileRequestedAt);
    }

    private TrackedDelivery withDelivery(String id) {
        return new TrackedDelivery(orderCode, merchantId, correlationId, booking, bookCommandId, id, status,
                statusAt, lastHeardAt, cancel, cancelCommandId, cancelReason, pending, answered, reconcileRequestedAt);
    }

    private TrackedDelivery cancelling(CancelState value, String commandId, String reason) {
        return new TrackedDelivery(orderCode, merchantId, correlationId, booking, bookCommandId, deliveryId, status,
                statusAt, lastHeardAt, value, commandId, reason, pending, answered, reconcileRequestedAt);
    }

    private TrackedDelivery withPending(List<StatusReport> value) {
        return new TrackedDelivery(orderCode, merchantId, correlationId, booking, bookCommandId, deliveryId, status,
                statusAt, lastHeardAt, cancel, cancelCommandId, cancelReason, value, answered, reconcileRequestedAt);
    }

    private TrackedDelivery withReconcileRequestedAt(Instant value) {
        return new TrackedDelivery(orderCode, merchantId, correlationId, booking, bookCommandId, deliveryId, status,
                statusAt, lastHeardAt, cancel, cancelCommandId, cancelReason, pending, answered, value);
    }

    @Override
    public String toString() {
        return "TrackedDelivery[orderCode=" + orderCode + ", merchantId=" + merchantId + ", booking=" + booking
                + ", deliveryId=" + deliveryId + ", status=" + status + ", cancel=" + cancel + ", pending="
                + pending.size() + "]";
    }
}
