package kz.kaspibridge.orderpoller.statussync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SyncBudgetTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void halfOfFiveRequestsASecondPacesSyncAtOneCallEveryFourHundredMilliseconds() {
        SyncBudget budget = SyncBudget.shareOf(0.5, 5);

        assertThat(budget.waitBefore(NOW)).isZero();
        budget.spent(NOW);
        assertThat(budget.waitBefore(NOW)).isEqualTo(Duration.ofMillis(400));
        assertThat(budget.waitBefore(NOW.plusMillis(400))).isZero();
        assertThat(budget.callsPer(Duration.ofSeconds(10))).isEqualTo(25);
    }

    @Test
    void idleTimeIsNotSavedUpForABurst() {
        SyncBudget budget = SyncBudget.shareOf(0.5, 5);
        budget.spent(NOW);

        Instant muchLater = NOW.plusSeconds(60);
        budget.spent(muchLater);

        assertThat(budget.waitBefore(muchLater)).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aClientWithoutRateLimitLeavesSyncUnpaced() {
        SyncBudget budget = SyncBudget.shareOf(0.5, 0);
        budget.spent(NOW);

        assertThat(budget.waitBefore(NOW)).isZero();
    }

    @Test
    void aShareOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> SyncBudget.shareOf(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyncBudget.shareOf(1.5, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
