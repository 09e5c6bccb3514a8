package kz.kaspibridge.deliverygateway.deliveries;

import static kz.kaspibridge.deliverygateway.deliveries.DeliveryStatus.ACCEPTED;
import static kz.kaspibridge.deliverygateway.deliveries.DeliveryStatus.CANCELLED;
import static kz.kaspibridge.deliverygateway.deliveries.DeliveryStatus.CREATED;
import static kz.kaspibridge.deliverygateway.deliveries.DeliveryStatus.DELIVERED;
import static kz.kaspibridge.deliverygateway.deliveries.DeliveryStatus.IN_TRANSIT;
import static kz.kaspibridge.deliverygateway.deliveries.DeliveryStatus.OUT_FOR_DELIVERY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import kz.kaspibridge.deliverygateway.deliveries.StatusRule.Verdict;
import kz.kaspibridge.deliverygateway.deliveries.TrackedDelivery.Booking;
import kz.kaspibridge.deliverygateway.deliveries.TrackedDelivery.CancelState;
import kz.kaspibridge.deliverygateway.deliveries.TrackedDelivery.Step;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One order's delivery, transition by transition, with explicit instants. */
class TrackedDeliveryTest {

    private static final String ORDER = "ORD-1";
    private static final String MERCHANT = "m1";
    private static final String D1 = "D-1";
    private static final String URL = "https://track.example/D-1";
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant PICKUP_BY = T0.plus(Duration.ofHours(2));
    private static final Instant DELIVERY_BY = T0.plus(Duration.ofHours(6));
    private static final Duration QUIET = Duration.ofMinutes(30);
    private static final Duration RETENTION = Duration.ofDays(7);
    private static final Duration UNKNOWN_WAIT = Duration.ofDays(1);

    private static TrackedDelivery fresh() {
        return TrackedDelivery.unknown(ORDER, null, null, T0);
    }

    private static TrackedDelivery requested() {
        return fresh().book("c1", MERCHANT, "corr-1", T0).state();
    }

    private static Step bookedStep(TrackedDelivery state, Instant at) {
        return state.booked("c1", D1, CREATED, URL, PICKUP_BY, DELIVERY_BY, at);
    }

    /** Booked (created) at {@code T0 + 1s}. */
    private static TrackedDelivery booked() {
        return bookedStep(requested(), T0.plusSeconds(1)).state();
    }

    /** Kaspi's time for a status: one minute per lifecycle step after T0. */
    private static Instant kaspiTime(DeliveryStatus status) {
        return T0.plus(Duration.ofMinutes(status.ordinal() + 1));
    }

    private static StatusReport report(DeliveryStatus status) {
        return report(D1, status);
    }

    private static StatusReport report(String deliveryId, DeliveryStatus status) {
        return new StatusReport(deliveryId, status, kaspiTime(status), "wh-" + deliveryId + "-" + status);
    }

    private static <T extends Out> List<T> only(List<Out> outs, Class<T> type) {
        return outs.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static List<DeliveryStatus> moves(List<Out> outs) {
        return only(outs, Out.StatusChanged.class).stream().map(Out.StatusChanged::status).toList();
    }

    /** Feeds reports one by one and gathers every output. */
    private static Step reportAll(TrackedDelivery state, List<StatusReport> reports, Instant now) {
        List<Out> all = new ArrayList<>();
        for (StatusReport r : reports) {
            Step step = state.report(r, now);
            state = step.state();
            all.addAll(step.outs());
        }
        return new Step(state, List.copyOf(all));
    }

    @Nested
    class Bookings {

        @Test
        void theCommandsMerchantIsTheOneCalledForEvenWhenAReportNamedAnotherFirst() {
            TrackedDelivery reportedFirst = TrackedDelivery.unknown(ORDER, "as-the-ingress-knows-it", "corr-r", T0);

            Step book = reportedFirst.book("c1", MERCHANT, "corr-1", T0.plusSeconds(1));

            assertThat(book.state().merchantId()).isEqualTo(MERCHANT);
            assertThat(book.state().correlationId()).as("the flow's first id stays").isEqualTo("corr-r");
        }

        @Test
        void aBookDeliveryAsksForOneBooking() {
            Step step = fresh().book("c1", MERCHANT, "corr-1", T0);

            assertThat(step.outs()).containsExactly(new Out.RequestBooking("c1"));
            assertThat(step.state().booking()).isEqualTo(Booking.REQUESTED);
            assertThat(step.state().bookCommandId()).isEqualTo("c1");
            assertThat(step.state().merchantId()).isEqualTo(MERCHANT);
            assertThat(step.state().correlationId()).isEqualTo("corr-1");
        }

        @Test
        void aRedeliveredCommandIdIsIgnoredWhateverHappenedSince() {
            TrackedDelivery inFlight = requested();
            Step again = inFlight.book("c1", MERCHANT, "corr-1", T0.plusSeconds(5));
            assertThat(again.outs()).containsExactly(new Out.CommandIgnored("c1", true, "command already answered"));
            assertThat(again.state()).isEqualTo(inFlight);

            // Even after the booking failed, the same command redelivered does not book again.
            TrackedDelivery failed = inFlight.bookingFailed("c1", "bad address", 422, T0.plusSeconds(2)).state();
            assertThat(failed.book("c1", MERCHANT, "corr-1", T0.plusSeconds(9)).outs())
                    .noneMatch(Out.RequestBooking.class::isInstance)
                    .hasOnlyElementsOfType(Out.CommandIgnored.class);
        }

        @Test
        void aSecondBookDeliveryWhileTheBookingIsInFlightIsIgnored() {
            Step second = requested().book("c2", MERCHANT, "corr-1", T0.plusSeconds(1));

            assertThat(second.outs()).singleElement().isInstanceOfSatisfying(Out.CommandIgnored.class, ignored -> {
                assertThat(ignored.commandId()).isEqualTo("c2");
                assertThat(ignored.booking()).isTrue();
                assertThat(ignored.why()).contains("in flight");
            });
            assertThat(second.state().booking()).isEqualTo(Booking.REQUESTED);
            assertThat(second.state().bookCommandId()).isEqualTo("c1");
            // c2 is remembered as answered: redelivered, it is ignored as such.
            assertThat(second.state().answered()).containsExactly("c1", "c2");
        }

        @Test
        void aSecondBookDeliveryForABookedOrderIsIgnored() {
            Step second = booked().book("c2", MERCHANT, "corr-1", T0.plusSeconds(10));

            assertThat(second.outs()).singleElement().isInstanceOfSatisfying(Out.CommandIgnored.class,
                    ignored -> assertThat(ignored.why()).contains(D1));
            assertThat(second.state().deliveryId()).isEqualTo(D1);
            assertThat(second.state().booking()).isEqualTo(Booking.BOOKED);
        }

        @Test
        void afterAFailedBookingANewCommandBooksAgain() {
            TrackedDelivery failed = requested().bookingFailed("c1", "bad address", 422, T0.plusSeconds(1)).state();
            assertThat(failed.booking()).isEqualTo(Booking.FAILED);

            Step retry = failed.book("c2", MERCHANT, "corr-1", T0.plusSeconds(60));

            assertThat(retry.outs()).containsExactly(new Out.RequestBooking("c2"));
            assertThat(retry.state().booking()).isEqualTo(Booking.REQUESTED);
            assertThat(retry.state().bookCommandId()).isEqualTo("c2");
        }

        @Test
        void aBookingForAnOrderWhoseDeliveryACancelNamedIsRefused() {
            TrackedDelivery named = fresh().cancel("x1", "D-7", "customer", MERCHANT, "corr-1", T0).state();

            Step book = named.book("c1", MERCHANT, "corr-1", T0.plusSeconds(1));

            assertThat(book.outs()).singleElement().isInstanceOfSatisfying(Out.Refused.class,
                    refused -> assertThat(refused.reason()).contains("D-7"));
        }

        @Test
        void bookedEmitsBookedThenTheCreatedStatus() {
            Instant at = T0.plusSeconds(3);
            Step step = bookedStep(requested(), at);

            assertThat(step.outs()).containsExactly(
                    new Out.Booked(D1, CREATED, URL, PICKUP_BY, DELIVERY_BY, "c1", at),
                    new Out.StatusChanged(D1, null, CREATED, at, null, "booking"));
            assertThat(step.state().booking()).isEqualTo(Booking.BOOKED);
            assertThat(step.state().deliveryId()).isEqualTo(D1);
            assertThat(step.state().status()).isEqualTo(CREATED);
            assertThat(step.state().lastHeardAt()).isEqualTo(at);
        }

        @Test
        void theSameBookedAnswerTwiceEmitsNothingTheSecondTime() {
            TrackedDelivery once = booked();

            Step twice = bookedStep(once, T0.plusSeconds(30));

            assertThat(twice.outs()).isEmpty();
            assertThat(twice.state().status()).isEqualTo(CREATED);
        }

        @Test
        void aSecondDeliveryIdForABookedOrderIsAnAnomalyAndChangesNothing() {
            Step other = booked().booked("c1", "D-2", CREATED, URL, null, null, T0.plusSeconds(30));

            assertThat(other.outs()).singleElement().isInstanceOf(Out.Anomaly.class);
            assertThat(other.state().deliveryId()).isEqualTo(D1);
        }

        @Test
        void bookingFailedIsEmittedOnce() {
            Instant at = T0.plusSeconds(2);
            Step failed = requested().bookingFailed("c1", "bad address", 422, at);
            assertThat(failed.outs()).containsExactly(new Out.BookingFailed("bad address", 422, "c1", at));

            Step again = failed.state().bookingFailed("c1", "bad address", 422, at.plusSeconds(1));
            assertThat(again.outs()).isEmpty();
            assertThat(again.state().booking()).isEqualTo(Booking.FAILED);
        }

        @Test
        void aFailureAnswerForABookedOrderIsIgnored() {
            Step late = booked().bookingFailed("c1", "timeout", null, T0.plusSeconds(5));

            assertThat(late.outs()).isEmpty();
            assertThat(late.state().booking()).isEqualTo(Booking.BOOKED);
        }
    }

    @Nested
    class Cancelling {

        @Test
        void withoutADeliveryIdTheOrdersOwnDeliveryIsCancelled() {
            Step cancel = booked().cancel("x1", null, "customer", MERCHANT, "corr-1", T0.plusSeconds(10));

            assertThat(cancel.outs()).containsExactly(new Out.RequestCancel(D1, "customer", "x1"));
            assertThat(cancel.state().cancel()).isEqualTo(CancelState.REQUESTED);
            assertThat(cancel.state().cancelCommandId()).isEqualTo("x1");
        }

        @Test
        void aCancelWhileTheBookingIsInFlightWaitsAndIsSentOnceBooked() {
            Step waiting = requested().cancel("x1", null, "customer", MERCHANT, "corr-1", T0.plusSeconds(1));
            assertThat(waiting.outs()).isEmpty();
            assertThat(waiting.state().cancel()).isEqualTo(CancelState.WAITING_FOR_BOOKING);

            Step booked = bookedStep(waiting.state(), T0.plusSeconds(2));

            assertThat(booked.outs()).hasSize(3);
            assertThat(booked.outs().get(0)).isInstanceOf(Out.Booked.class);
            assertThat(booked.outs().get(2)).isEqualTo(new Out.RequestCancel(D1, "customer", "x1"));
            assertThat(booked.state().cancel()).isEqualTo(CancelState.REQUESTED);
        }

        @Test
        void aSecondCancelWhileOneIsInFlightSendsNothingAndTheFirstStaysTheOneAnswered() {
            TrackedDelivery requestedCancel = booked().cancel("x1", null, "customer", MERCHANT, "corr-1",
                    T0.plusSeconds(10)).state();

            Step second = requestedCancel.cancel("x2", null, "again", MERCHANT, "corr-1", T0.plusSeconds(11));

            assertThat(second.outs()).singleElement().isInstanceOfSatisfying(Out.CommandIgnored.class, ignored -> {
                assertThat(ignored.booking()).isFalse();
                assertThat(ignored.why()).contains("x1");
            });
            assertThat(second.state().cancelCommandId()).isEqualTo("x1");
            assertThat(second.state().cancelled("x1", D1, T0.plusSeconds(12)).outs())
                    .contains(new Out.Cancelled(D1, "customer", "x1", T0.plusSeconds(12)));
        }

        @Test
        void aWaitingCancelWhoseBookingFailsIsMoot() {
            TrackedDelivery waiting = requested().cancel("x1", null, "customer", MERCHANT, "corr-1",
                    T0.plusSeconds(1)).state();

            Step failed = waiting.bookingFailed("c1", "bad address", 422, T0.plusSeconds(2));

            assertThat(failed.outs()).containsExactly(
                    new Out.BookingFailed("bad address", 422, "c1", T0.plusSeconds(2)), new Out.CancelMoot("x1"));
            assertThat(failed.state().cancel()).isEqualTo(CancelState.DONE);
        }

        @Test
        void aCancelForAnOrderWithNoBookingIsRefused() {
            Step cancel = fresh().cancel("x1", null, "customer", MERCHANT, "corr-1", T0);

            assertThat(cancel.outs()).containsExactly(new Out.Refused("x1", "no delivery is known for order " + ORDER));
            assertThat(cancel.state().cancel()).isEqualTo(CancelState.NONE);
        }

        @Test
        void aCancelAfterAFailedBookingIsRefused() {
            TrackedDelivery failed = requested().bookingFailed("c1", "bad address", 422, T0.plusSeconds(1)).state();

            Step cancel = failed.cancel("x1", null, "customer", MERCHANT, "corr-1", T0.plusSeconds(2));

            assertThat(cancel.outs()).singleElement().isInstanceOfSatisfying(Out.Refused.class,
                    refused -> assertThat(refused.reason()).contains("booking failed"));
        }

        @Test
        void aCancelOfADeliveryAlreadyCancelledSucceedsAtOnceWithoutACall() {
            TrackedDelivery cancelledByWebhook = booked().report(report(CANCELLED), T0.plusSeconds(20)).state();
            assertThat(cancelledByWebhook.status()).isEqualTo(CANCELLED);
            Instant now = T0.plusSeconds(30);

            Step cancel = cancelledByWebhook.cancel("x1", null, "customer", MERCHANT, "corr-1", now);

            assertThat(cancel.outs()).containsExactly(new Out.Cancelled(D1, "customer", "x1", now));
            assertThat(cancel.state().cancel()).isEqualTo(CancelState.DONE);
        }

        @Test
        void aRedeliveredCancelIsIgnored() {
            TrackedDelivery requested = booked().cancel("x1", null, "customer", MERCHANT, "corr-1",
                    T0.plusSeconds(10)).state();

            Step again = requested.cancel("x1", null, "customer", MERCHANT, "corr-1", T0.plusSeconds(11));

            assertThat(again.outs()).containsExactly(new Out.CommandIgnored("x1", false, "command already answered"));
        }

        @Test
        void cancelledIsEmittedOnceAndMovesTheDeliveryToCancelled() {
            TrackedDelivery requested = booked().cancel("x1", null, "customer", MERCHANT, "corr-1",
                    T0.plusSeconds(10)).state();
            Instant at = T0.plusSeconds(12);

            Step cancelled = requested.cancelled("x1", D1, at);

            assertThat(cancelled.outs()).containsExactly(new Out.Cancelled(D1, "customer", "x1", at),
                    new Out.StatusChanged(D1, CREATED, CANCELLED, at, Duration.ofSeconds(11), "cancel"));
            assertThat(cancelled.state().status()).isEqualTo(CANCELLED);
            assertThat(cancelled.state().cancel()).isEqualTo(CancelState.DONE);

            assertThat(cancelled.state().cancelled("x1", D1, at.plusSeconds(1)).outs()).isEmpty();
        }

        @Test
        void aCancelAnswerAfterTheCancelledWebhookEmitsCancelledButNoSecondStatusChange() {
            TrackedDelivery requested = booked().cancel("x1", null, "customer", MERCHANT, "corr-1",
                    T0.plusSeconds(10)).state();
            Step webhook = requested.report(report(CANCELLED), T0.plusSeconds(11));
            assertThat(moves(webhook.outs())).containsExactly(CANCELLED);

            Step answer = webhook.state().cancelled("x1", D1, T0.plusSeconds(12));

            assertThat(answer.outs()).hasSize(2);
            assertThat(answer.outs().get(0)).isInstanceOf(Out.Cancelled.class);
            assertThat(answer.outs().get(1)).isEqualTo(
                    new Out.ReportIgnored(D1, CANCELLED, Verdict.DUPLICATE, "cancel"));
        }

        @Test
        void cancelRejectedIsEmittedOnceAndItsObservedStatusOnlyMovesForward() {
            TrackedDelivery requested = booked().cancel("x1", null, "customer", MERCHANT, "corr-1",
                    T0.plusSeconds(10)).state();
            Instant at = T0.plusSeconds(12);

            Step rejected = requested.cancelRejected("x1", D1, "picked up", IN_TRANSIT, at);

            assertThat(rejected.outs()).hasSize(2);
            assertThat(rejected.outs().get(0)).isEqualTo(new Out.CancelRejected(D1, "picked up", "x1", at));
            assertThat(rejected.outs().get(1)).isInstanceOfSatisfying(Out.StatusChanged.class, changed -> {
                assertThat(changed.previous()).isEqualTo(CREATED);
                assertThat(changed.status()).isEqualTo(IN_TRANSIT);
                assertThat(changed.via()).isEqualTo("reconciliation");
            });
            assertThat(rejected.state().cancel()).isEqualTo(CancelState.REJECTED);

            assertThat(rejected.state().cancelRejected("x1", D1, "picked up", ACCEPTED, at.plusSeconds(1)).outs())
                    .isEmpty();
        }
    }

    @Nested
    class Reports {

        @Test
        void reportsBeforeTheBookingAreKeptAndAppliedInLifecycleOrder() {
            Step kept = reportAll(requested(), List.of(report(IN_TRANSIT), report(ACCEPTED)), T0.plusSeconds(1));
            assertThat(kept.outs()).containsExactly(new Out.ReportKept(D1, IN_TRANSIT, "wh-D-1-IN_TRANSIT"),
                    new Out.ReportKept(D1, ACCEPTED, "wh-D-1-ACCEPTED"));
            assertThat(kept.state().status()).isNull();
            assertThat(kept.state().pending()).hasSize(2);

            Step booked = bookedStep(kept.state(), T0.plusSeconds(2));

            assertThat(booked.outs().get(0)).isInstanceOf(Out.Booked.class);
            assertThat(only(booked.outs(), Out.StatusChanged.class))
                    .extracting(Out.StatusChanged::previous, Out.StatusChanged::status, Out.StatusChanged::via)
                    .containsExactly(tuple(null, CREATED, "booking"), tuple(CREATED, ACCEPTED, "report"),
                            tuple(ACCEPTED, IN_TRANSIT, "report"));
            assertThat(booked.state().status()).isEqualTo(IN_TRANSIT);
            assertThat(booked.state().pending()).isEmpty();
        }

        @Test
        void keptReportsOfAnotherDeliveryStayKept() {
            Step kept = reportAll(requested(), List.of(report("D-9", ACCEPTED), report(ACCEPTED)), T0.plusSeconds(1));

            Step booked = bookedStep(kept.state(), T0.plusSeconds(2));

            assertThat(moves(booked.outs())).containsExactly(CREATED, ACCEPTED);
            assertThat(booked.state().pending()).extracting(StatusReport::deliveryId).containsExactly("D-9");
        }

        @Test
        void outOfOrderAndDuplicateReportsGiveAForwardOnlySequenceWithNoRepeats() {
            List<StatusReport> reports = List.of(report(ACCEPTED), report(OUT_FOR_DELIVERY), report(IN_TRANSIT),
                    report(OUT_FOR_DELIVERY), report(DELIVERED), report(ACCEPTED), report(DELIVERED));

            Step step = reportAll(booked(), reports, T0.plusSeconds(600));

            assertThat(only(step.outs(), Out.StatusChanged.class))
                    .extracting(Out.StatusChanged::previous, Out.StatusChanged::status)
                    .containsExactly(tuple(CREATED, ACCEPTED), tuple(ACCEPTED, OUT_FOR_DELIVERY),
                            tuple(OUT_FOR_DELIVERY, DELIVERED));
            assertThat(only(step.outs(), Out.ReportIgnored.class))
                    .extracting(Out.ReportIgnored::status, Out.ReportIgnored::verdict)
                    .containsExactly(tuple(IN_TRANSIT, Verdict.STALE), tuple(OUT_FOR_DELIVERY, Verdict.DUPLICATE),
                            tuple(ACCEPTED, Verdict.STALE), tuple(DELIVERED, Verdict.DUPLICATE));
            assertThat(step.state().status()).isEqualTo(DELIVERED);
            assertThat(step.state().statusAt()).isEqualTo(kaspiTime(DELIVERED));
        }

        @Test
        void aStatusChangeSaysHowLongTheDeliveryWasInThePreviousStatus() {
            TrackedDelivery accepted = booked().report(report(ACCEPTED), T0.plusSeconds(200)).state();

            Step step = accepted.report(report(IN_TRANSIT), T0.plusSeconds(300));

            assertThat(only(step.outs(), Out.StatusChanged.class)).singleElement()
                    .extracting(Out.StatusChanged::timeInPrevious)
                    .isEqualTo(Duration.between(kaspiTime(ACCEPTED), kaspiTime(IN_TRANSIT)));
        }

        /** Any order, any duplicates: each status at most once, always forward, ending at the furthest. */
        @Test
        void shuffledReportsNeverRepeatNorGoBack() {
            List<StatusReport> lifecycle = new ArrayList<>();
            for (DeliveryStatus s : List.of(ACCEPTED, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED)) {
                lifecycle.add(report(s));
                lifecycle.add(report(s));
            }
            Random random = new Random(42);
            for (int run = 0; run < 200; run++) {
                List<StatusReport> shuffled = new ArrayList<>(lifecycle);
                Collections.shuffle(shuffled, random);
                boolean beforeBooking = random.nextBoolean();
                List<Out> outs = new ArrayList<>();
                if (beforeBooking) {
                    Step reported = reportAll(requested(), shuffled, T0.plusSeconds(100));
                    outs.addAll(reported.outs());
                    outs.addAll(bookedStep(reported.state(), T0.plusSeconds(200)).outs());
                } else {
                    Step booked = bookedStep(requested(), T0.plusSeconds(1));
                    outs.addAll(booked.outs());
                    outs.addAll(reportAll(booked.state(), shuffled, T0.plusSeconds(100)).outs());
                }

                List<Out.StatusChanged> changes = only(outs, Out.StatusChanged.class);
                assertThat(changes).as("run %d: %s", run, shuffled).isNotEmpty();
                assertThat(changes.get(0).previous()).isNull();
                for (int i = 1; i < changes.size(); i++) {
                    assertThat(changes.get(i).previous()).isEqualTo(changes.get(i - 1).status());
                    assertThat(changes.get(i).status().ordinal()).as("run %d: %s", run, shuffled)
                            .isGreaterThan(changes.get(i - 1).status().ordinal());
                }
                assertThat(changes.get(changes.size() - 1).status()).isEqualTo(DELIVERED);
            }
        }

        @Test
        void atMostMaxPendingReportsAreKeptTheOldestGoFirst() {
            TrackedDelivery state = requested();
            List<Out> last = List.of();
            for (int i = 0; i <= TrackedDelivery.MAX_PENDING; i++) {
                Step step = state.report(new StatusReport("D-9", ACCEPTED, T0, "r" + i), T0.plusSeconds(i));
                if (i < TrackedDelivery.MAX_PENDING) {
                    assertThat(step.outs()).noneMatch(Out.ReportsDropped.class::isInstance);
                }
                state = step.state();
                last = step.outs();
            }

            assertThat(state.pending()).hasSize(TrackedDelivery.MAX_PENDING);
            assertThat(state.pending()).extracting(StatusReport::source).doesNotContain("r0")
                    .contains("r1", "r" + TrackedDelivery.MAX_PENDING);
            assertThat(only(last, Out.ReportsDropped.class)).singleElement()
                    .extracting(Out.ReportsDropped::count).isEqualTo(1);
        }

        @Test
        void aReportUpdatesWhenTheDeliveryWasLastHeardOf() {
            Instant at = T0.plusSeconds(77);

            assertThat(booked().report(report(ACCEPTED), at).state().lastHeardAt()).isEqualTo(at);
            // A duplicate too: Kaspi is still talking about it.
            assertThat(booked().report(report(CREATED), at).state().lastHeardAt()).isEqualTo(at);
        }
    }

    @Nested
    class Reconciliation {

        @Test
        void aReadingMovesTheDeliveryForwardAndNeverBack() {
            Step forward = booked().observed(new StatusReport(D1, IN_TRANSIT, T0.plusSeconds(50), "reconciliation"),
                    T0.plusSeconds(60));
            assertThat(forward.outs()).containsExactly(new Out.StatusChanged(D1, CREATED, IN_TRANSIT,
                    T0.plusSeconds(50), Duration.ofSeconds(49), "reconciliation"));

            Step back = forward.state().observed(new StatusReport(D1, ACCEPTED, T0.plusSeconds(70), "reconciliation"),
                    T0.plusSeconds(80));
            assertThat(back.outs()).containsExactly(
                    new Out.ReportIgnored(D1, ACCEPTED, Verdict.STALE, "reconciliation"));
            assertThat(back.state().status()).isEqualTo(IN_TRANSIT);
        }

        @Test
        void aReadingOfAnotherDeliveryIsAnAnomaly() {
            Step other = booked().observed(new StatusReport("D-2", DELIVERED, T0, "reconciliation"),
                    T0.plusSeconds(60));

            assertThat(other.outs()).singleElement().isInstanceOf(Out.Anomaly.class);
            assertThat(other.state().status()).isEqualTo(CREATED);
        }

        @Test
        void aQuietBookedDeliveryIsDueAfterTheQuietPeriod() {
            TrackedDelivery delivery = booked();
            Instant heard = delivery.lastHeardAt();

            assertThat(delivery.dueForReconciliation(heard.plus(QUIET).minusMillis(1), QUIET)).isFalse();
            assertThat(delivery.dueForReconciliation(heard.plus(QUIET), QUIET)).isTrue();
        }

        @Test
        void aReadAskedForIsNotAskedAgainWithinTheQuietPeriod() {
            TrackedDelivery delivery = booked();
            Instant first = delivery.lastHeardAt().plus(QUIET);

            Step reconcile = delivery.reconcile(first);

            assertThat(reconcile.outs()).containsExactly(new Out.RequestReconciliation(D1));
            assertThat(reconcile.state().reconcileRequestedAt()).isEqualTo(first);
            assertThat(reconcile.state().dueForReconciliation(first.plus(QUIET).minusMillis(1), QUIET)).isFalse();
            // No answer came (the read failed): asked again once the quiet period has passed since the ask.
            assertThat(reconcile.state().dueForReconciliation(first.plus(QUIET), QUIET)).isTrue();
        }

        @Test
        void aReadingOrAReportRestartsTheQuietPeriod() {
            Instant asked = booked().lastHeardAt().plus(QUIET);
            TrackedDelivery waiting = booked().reconcile(asked).state();
            Instant answered = asked.plusSeconds(5);

            TrackedDelivery read = waiting.observed(new StatusReport(D1, CREATED, T0, "reconciliation"), answered)
                    .state();

            assertThat(read.reconcileRequestedAt()).isNull();
            assertThat(read.dueForReconciliation(answered.plus(QUIET).minusMillis(1), QUIET)).isFalse();
            assertThat(read.dueForReconciliation(answered.plus(QUIET), QUIET)).isTrue();

            Instant webhook = T0.plusSeconds(100);
            TrackedDelivery reported = booked().report(report(ACCEPTED), webhook).state();
            assertThat(reported.dueForReconciliation(T0.plusSeconds(1).plus(QUIET), QUIET)).isFalse();
            assertThat(reported.dueForReconciliation(webhook.plus(QUIET), QUIET)).isTrue();
        }

        @Test
        void onlyBookedDeliveriesShortOfFinalAreDue() {
            Instant late = T0.plus(Duration.ofDays(1));

            assertThat(fresh().dueForReconciliation(late, QUIET)).as("nothing known").isFalse();
            assertThat(requested().dueForReconciliation(late, QUIET)).as("booking in flight").isFalse();
            assertThat(requested().bookingFailed("c1", "no", 422, T0).state().dueForReconciliation(late, QUIET))
                    .as("booking failed").isFalse();
            assertThat(booked().report(report(DELIVERED), T0).state().dueForReconciliation(late, QUIET))
                    .as("delivered").isFalse();
            assertThat(booked().report(report(CANCELLED), T0).state().dueForReconciliation(late, QUIET))
                    .as("cancelled").isFalse();
            assertThat(booked().report(report(OUT_FOR_DELIVERY), T0).state().dueForReconciliation(late, QUIET))
                    .as("out for delivery").isTrue();
        }
    }

    @Nested
    class Expiry {

        @Test
        void aFinalDeliveryIsForgottenRetentionAfterTheLastWord() {
            Instant heard = T0.plusSeconds(500);
            TrackedDelivery delivered = booked().report(report(DELIVERED), heard).state();

            assertThat(delivered.expired(heard.plus(RETENTION), RETENTION, UNKNOWN_WAIT)).isEmpty();
            assertThat(delivered.expired(heard.plus(RETENTION).plusMillis(1), RETENTION, UNKNOWN_WAIT))
                    .contains(new Out.ReportsDropped(0, "the order was forgotten"));
        }

        @Test
        void reportsNobodyBookedAreDroppedAfterTheUnknownWait() {
            Instant heard = T0.plusSeconds(5);
            TrackedDelivery orphan = reportAll(fresh(), List.of(report("D-9", ACCEPTED), report("D-9", IN_TRANSIT)),
                    heard).state();

            assertThat(orphan.expired(heard.plus(UNKNOWN_WAIT), RETENTION, UNKNOWN_WAIT)).isEmpty();
            assertThat(orphan.expired(heard.plus(UNKNOWN_WAIT).plusMillis(1), RETENTION, UNKNOWN_WAIT))
                    .contains(new Out.ReportsDropped(2, "no booking seen for the reported delivery"));
        }

        @Test
        void aFailedBookingIsForgottenAfterTheUnknownWait() {
            Instant heard = T0.plusSeconds(5);
            TrackedDelivery failed = requested().bookingFailed("c1", "no", 422, heard).state();

            assertThat(failed.expired(heard.plus(UNKNOWN_WAIT), RETENTION, UNKNOWN_WAIT)).isEmpty();
            assertThat(failed.expired(heard.plus(UNKNOWN_WAIT).plusMillis(1), RETENTION, UNKNOWN_WAIT)).isPresent();
        }

        @Test
        void anUnansweredBookingOrAStuckDeliveryIsKeptThreeRetentions() {
            for (TrackedDelivery open : List.of(requested(), booked().report(report(IN_TRANSIT), T0.plusSeconds(1))
                    .state())) {
                Instant heard = open.lastHeardAt();

                assertThat(open.expired(heard.plus(UNKNOWN_WAIT).plusSeconds(1), RETENTION, UNKNOWN_WAIT))
                        .as("%s", open).isEmpty();
                assertThat(open.expired(heard.plus(RETENTION).plusSeconds(1), RETENTION, UNKNOWN_WAIT))
                        .as("%s", open).isEmpty();
                assertThat(open.expired(heard.plus(RETENTION.multipliedBy(3)), RETENTION, UNKNOWN_WAIT))
                        .as("%s", open).isEmpty();
                assertThat(open.expired(heard.plus(RETENTION.multipliedBy(3)).plusMillis(1), RETENTION,
                        UNKNOWN_WAIT)).as("%s", open).isPresent();
            }
        }
    }
}
