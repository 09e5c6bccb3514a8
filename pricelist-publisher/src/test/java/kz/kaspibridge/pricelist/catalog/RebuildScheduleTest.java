package kz.kaspibridge.pricelist.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RebuildScheduleTest {

    private static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");
    private static final MerchantId M1 = new MerchantId("m1");
    private static final MerchantId M2 = new MerchantId("m2");

    private final RebuildSchedule schedule = new RebuildSchedule(Duration.ofSeconds(2), Duration.ofSeconds(10));

    @Test
    void aBurstWithinTheWindowGivesOneBuildOnceItIsQuiet() {
        for (int i = 0; i < 1000; i++) {
            schedule.changed(M1, T0.plusMillis(i));
        }
        assertThat(schedule.due(T0.plusMillis(2_998))).isEmpty();
        assertThat(schedule.next()).contains(T0.plusMillis(2_999));
        assertThat(schedule.due(T0.plusMillis(2_999))).containsExactly(M1);
        assertThat(schedule.due(T0.plusSeconds(60))).isEmpty();
        assertThat(schedule.next()).isEmpty();
    }

    @Test
    void aConstantStreamStillBuildsWithinTheStalenessBound() {
        Instant now = T0;
        int builds = 0;
        for (int i = 0; i < 250; i++) { // a change every 100 ms for 25 s: never quiet for 2 s
            schedule.changed(M1, now);
            builds += schedule.due(now).size();
            now = now.plusMillis(100);
        }
        assertThat(builds).isEqualTo(2); // at 10 s and at 20.1 s
    }

    @Test
    void merchantsAreScheduledApart() {
        schedule.changed(M1, T0);
        schedule.changed(M2, T0.plusSeconds(1));
        assertThat(schedule.due(T0.plusSeconds(2))).containsExactly(M1);
        assertThat(schedule.due(T0.plusSeconds(3))).containsExactly(M2);
    }

    @Test
    void theBoundMayNotBeShorterThanTheWindow() {
        assertThatThrownBy(() -> new RebuildSchedule(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOperatorsRequestIsDueAtOnceAndTakesAWaitingChangeWithIt() {
        schedule.changed(M1, T0);
        schedule.requested(M1, T0.plusMillis(500));
        schedule.requested(M2, T0.plusMillis(500));

        assertThat(schedule.next()).contains(T0);
        assertThat(schedule.due(T0.plusMillis(500))).containsExactly(M1, M2);
        assertThat(schedule.next()).isEmpty();
    }

    @Test
    void aChangeAfterARequestDoesNotPushTheRequestBack() {
        schedule.requested(M1, T0);
        schedule.changed(M1, T0.plusMillis(100));

        assertThat(schedule.due(T0.plusMillis(100))).containsExactly(M1);
    }
}
