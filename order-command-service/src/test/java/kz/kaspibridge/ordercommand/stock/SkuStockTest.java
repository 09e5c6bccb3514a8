package kz.kaspibridge.ordercommand.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import kz.kaspibridge.ordercommand.orders.OrderCode;
import org.junit.jupiter.api.Test;

class SkuStockTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final OrderCode A = new OrderCode("A");
    private static final OrderCode B = new OrderCode("B");

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void nothingReportedMeansNothingAvailable() {
        assertThat(SkuStock.unreported().available()).isZero();
    }

    @Test
    void ordersAcceptedAfterTheReportAreDeducted() {
        SkuStock stock = SkuStock.unreported().report(10, at(0)).reserve(A, 3, at(1)).reserve(B, 2, at(2));

        assertThat(stock.available()).isEqualTo(5);
        assertThat(stock.heldBy(A)).isEqualTo(3);
    }

    @Test
    void anOrderAcceptedAtTheReportsInstantIsDeductedRatherThanRiskAnOversell() {
        assertThat(SkuStock.unreported().report(10, at(0)).reserve(A, 3, at(0)).available()).isEqualTo(7);
    }

    @Test
    void aNewerReportSupersedesEarlierReservationsSoTheyAreNotDeductedTwice() {
        SkuStock stock = SkuStock.unreported().report(10, at(0)).reserve(A, 3, at(1))
                .report(7, at(2)); // the merchant's system deducted A itself

        assertThat(stock.available()).isEqualTo(7);
    }

    @Test
    void aNewerReportKeepsReservationsMadeAfterIt() {
        SkuStock stock = SkuStock.unreported().report(10, at(0)).reserve(A, 3, at(1)).reserve(B, 2, at(3))
                .report(7, at(2)); // arrived late, knows of A but not of B

        assertThat(stock.available()).isEqualTo(5);
    }

    @Test
    void aStaleReportChangesNothing() {
        SkuStock stock = SkuStock.unreported().report(10, at(5)).reserve(A, 3, at(6));

        assertThat(stock.report(100, at(1))).isEqualTo(stock);
        assertThat(stock.report(100, at(1)).available()).isEqualTo(7);
    }

    @Test
    void cancellingAnOrderAcceptedAfterTheReportGivesItsUnitsBackAndForgetsIt() {
        SkuStock stock = SkuStock.unreported().report(10, at(0)).reserve(A, 3, at(1)).release(A, at(2));

        assertThat(stock.available()).isEqualTo(10);
        assertThat(stock.holds()).isEmpty();
    }

    @Test
    void cancellingAnOrderTheReportAlreadyDeductedAddsItsUnitsUntilTheNextReport() {
        SkuStock absorbed = SkuStock.unreported().report(10, at(0)).reserve(A, 3, at(1)).report(7, at(2));

        SkuStock released = absorbed.release(A, at(3));
        assertThat(released.available()).isEqualTo(10);

        SkuStock reportedAgain = released.report(10, at(4)); // the merchant counted the returned units
        assertThat(reportedAgain.available()).isEqualTo(10);
        assertThat(reportedAgain.holds()).isEmpty();
    }

    @Test
    void aReleaseOlderThanTheReportIsAlreadyCountedInIt() {
        SkuStock stock = SkuStock.unreported().report(10, at(0)).reserve(A, 3, at(1)).report(10, at(3))
                .release(A, at(2)); // the merchant knew of the cancellation when it reported

        assertThat(stock.available()).isEqualTo(10);
        assertThat(stock.holds()).isEmpty();
    }

    @Test
    void reserveAndReleaseAreIdempotent() {
        SkuStock once = SkuStock.unreported().report(10, at(0)).reserve(A, 3, at(1));

        assertThat(once.reserve(A, 3, at(2))).isEqualTo(once);
        SkuStock released = once.release(A, at(3));
        assertThat(released.release(A, at(4))).isEqualTo(released);
        assertThat(released.available()).isEqualTo(10);
    }

    @Test
    void aCompletedOrderStaysDeductedUntilAReportAbsorbsIt() {
        SkuStock completed = SkuStock.unreported().report(10, at(0)).reserve(A, 3, at(1)).complete(A);

        assertThat(completed.available()).isEqualTo(7);
        assertThat(completed.holds()).containsKey(A);

        SkuStock reported = completed.report(7, at(2));
        assertThat(reported.available()).isEqualTo(7);
        assertThat(reported.holds()).isEmpty();
    }

    @Test
    void aReturnAfterCompletionStillGivesUnitsBack() {
        SkuStock stock = SkuStock.unreported().report(10, at(0)).reserve(A, 3, at(1)).complete(A).release(A, at(2));

        assertThat(stock.available()).isEqualTo(10);
    }
}
