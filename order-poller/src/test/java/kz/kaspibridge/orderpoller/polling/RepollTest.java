package kz.kaspibridge.orderpoller.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import kz.kaspibridge.orderpoller.polling.Repoll.Outcome;
import kz.kaspibridge.orderpoller.polling.Repoll.Request;
import org.junit.jupiter.api.Test;

class RepollTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Optional<Instant> CURSOR = Optional.of(NOW.minusSeconds(30));

    @Test
    void aRequestFromBeforeTheCursorIsApplied() {
        assertThat(Repoll.judge(new Request(NOW.minusSeconds(86_400), NOW), CURSOR, Optional.empty(), NOW))
                .isEqualTo(Outcome.APPLIED);
    }

    @Test
    void theRequestAppliedLastIsNotAppliedAgainAfterARestart() {
        Request request = new Request(NOW.minusSeconds(86_400), NOW.minusSeconds(60));
        assertThat(Repoll.judge(request, CURSOR, Optional.of(NOW.minusSeconds(60)), NOW))
                .isEqualTo(Outcome.ALREADY_APPLIED);
    }

    @Test
    void aRequestOlderThanTheOneAppliedLastIsStale() {
        Request older = new Request(NOW.minusSeconds(86_400), NOW.minusSeconds(120));
        assertThat(Repoll.judge(older, CURSOR, Optional.of(NOW.minusSeconds(60)), NOW)).isEqualTo(Outcome.STALE);
    }

    @Test
    void aTimeInTheFutureIsRefused() {
        assertThat(Repoll.judge(new Request(NOW.plusSeconds(1), NOW), CURSOR, Optional.empty(), NOW))
                .isEqualTo(Outcome.FUTURE);
    }

    @Test
    void aTimeNotBeforeTheCursorIsRefusedBecauseMovingTheCursorForwardWouldSkipOrders() {
        assertThat(Repoll.judge(new Request(CURSOR.get(), NOW), CURSOR, Optional.empty(), NOW))
                .isEqualTo(Outcome.NOT_EARLIER);
        assertThat(Repoll.judge(new Request(NOW.minusSeconds(5), NOW), CURSOR, Optional.empty(), NOW))
                .isEqualTo(Outcome.NOT_EARLIER);
    }

    @Test
    void beforeTheFirstPollThereIsNoCursorToMoveBack() {
        assertThat(Repoll.judge(new Request(NOW.minusSeconds(86_400), NOW), Optional.empty(), Optional.empty(), NOW))
                .isEqualTo(Outcome.NOT_EARLIER);
    }
}
