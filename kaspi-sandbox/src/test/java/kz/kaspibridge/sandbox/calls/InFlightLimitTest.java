package kz.kaspibridge.sandbox.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InFlightLimitTest {

    private final InFlightLimit limit = new InFlightLimit(1, true);

    @Test
    void aSecondRequestOfOneCredentialIsRefusedAndCountedWhileTheFirstIsInFlight() {
        InFlightLimit.Admission first = limit.enter("m1");
        InFlightLimit.Admission second = limit.enter("m1");

        assertThat(first.admitted()).isTrue();
        assertThat(second.admitted()).isFalse();
        assertThat(limit.stats().get("m1")).isEqualTo(new ConcurrencyStats("m1", 1, 2, 1));
    }

    @Test
    void anotherCredentialIsNotHeldUp() {
        limit.enter("m1");
        assertThat(limit.enter("m2").admitted()).isTrue();
        assertThat(limit.stats().get("m2").highest()).isEqualTo(1);
    }

    @Test
    void leavingTwiceFreesTheSlotOnce() {
        InFlightLimit.Admission first = limit.enter("m1");
        first.leave();
        first.leave();
        InFlightLimit.Admission next = limit.enter("m1");
        assertThat(next.admitted()).isTrue();
        assertThat(limit.enter("m1").admitted()).isFalse();
        assertThat(limit.stats().get("m1").inFlight()).isEqualTo(1);
    }

    @Test
    void aRefusedAdmissionLeavesNothing() {
        InFlightLimit.Admission first = limit.enter("m1");
        limit.enter("m1").leave();
        assertThat(limit.stats().get("m1").inFlight()).isEqualTo(1);
        first.leave();
        assertThat(limit.stats().get("m1").inFlight()).isZero();
    }

    @Test
    void resetForgetsTheHighestAndTheRefusalsButNotWhatIsStillInFlight() {
        InFlightLimit.Admission first = limit.enter("m1");
        limit.enter("m1");
        limit.reset();
        assertThat(limit.stats().get("m1")).isEqualTo(new ConcurrencyStats("m1", 1, 1, 0));
        first.leave();
        assertThat(limit.stats().get("m1").inFlight()).isZero();
    }

    @Test
    void whenNotEnforcedEverythingIsAdmittedAndStillMeasured() {
        InFlightLimit measuring = new InFlightLimit(1, false);
        assertThat(measuring.enter("m1").admitted()).isTrue();
        assertThat(measuring.enter("m1").admitted()).isTrue();
        assertThat(measuring.stats().get("m1")).isEqualTo(new ConcurrencyStats("m1", 2, 2, 0));
    }

    @Test
    void underContentionNoMoreThanTheLimitIsEverAdmitted() throws InterruptedException {
        InFlightLimit two = new InFlightLimit(2, true);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch done = new CountDownLatch(8);
        List<Runnable> workers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            workers.add(() -> {
                for (int i = 0; i < 2_000; i++) {
                    InFlightLimit.Admission admission = two.enter("m1");
                    if (admission.admitted()) {
                        mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        inside.decrementAndGet();
                        admission.leave();
                    }
                }
                done.countDown();
            });
        }
        workers.forEach(threads::execute);
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        threads.shutdown();

        assertThat(mostInside.get()).isBetween(1, 2);
        assertThat(two.stats().get("m1").inFlight()).isZero();
    }
}
