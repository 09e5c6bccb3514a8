package kz.kaspibridge.kaspiclient.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

class InFlightPermitsTest {

    private final InFlightPermits permits = new InFlightPermits(1);
    private final List<String> started = new CopyOnWriteArrayList<>();

    /** Work that records its start and ends when the test says so. */
    private Mono<String> held(String name, Sinks.One<String> end) {
        return Mono.defer(() -> {
            started.add(name);
            return end.asMono();
        });
    }

    @Test
    void aSecondCallWaitsUntilTheFirstEndsAndIsNeverStartedEarly() {
        Sinks.One<String> endFirst = Sinks.one();
        Sinks.One<String> endSecond = Sinks.one();
        List<String> results = new CopyOnWriteArrayList<>();

        permits.withPermit(held("first", endFirst)).subscribe(results::add);
        permits.withPermit(held("second", endSecond)).subscribe(results::add);
        assertThat(started).containsExactly("first");
        assertThat(permits.waiting()).isEqualTo(1);

        endFirst.tryEmitValue("one");
        assertThat(started).containsExactly("first", "second");
        endSecond.tryEmitValue("two");
        assertThat(results).containsExactly("one", "two");
        assertThat(permits.inUse()).isZero();
    }

    @Test
    void waitersAreServedInTheOrderTheyCame() {
        Sinks.One<String> endFirst = Sinks.one();
        permits.withPermit(held("first", endFirst)).subscribe();
        for (String name : List.of("a", "b", "c")) {
            permits.withPermit(held(name, sinkWith(name))).subscribe();
        }
        endFirst.tryEmitValue("done");
        assertThat(started).containsExactly("first", "a", "b", "c");
    }

    @Test
    void aWaiterThatGivesUpLeavesTheLineWithoutTakingAPermit() {
        Sinks.One<String> endFirst = Sinks.one();
        permits.withPermit(held("first", endFirst)).subscribe();
        Disposable impatient = permits.withPermit(held("impatient", Sinks.one())).subscribe();
        permits.withPermit(held("patient", sinkWith("ok"))).subscribe();

        impatient.dispose();
        assertThat(permits.waiting()).isEqualTo(1);
        endFirst.tryEmitValue("done");

        assertThat(started).containsExactly("first", "patient");
        assertThat(permits.inUse()).isZero();
        assertThat(permits.waiting()).isZero();
    }

    @Test
    void cancellingTheHolderGivesThePermitBack() {
        Disposable holder = permits.withPermit(held("holder", Sinks.one())).subscribe();
        assertThat(permits.inUse()).isEqualTo(1);
        holder.dispose();
        assertThat(permits.inUse()).isZero();
        assertThat(permits.withPermit(Mono.just("next")).block(Duration.ofSeconds(5))).isEqualTo("next");
    }

    @Test
    void anErrorGivesThePermitBack() {
        assertThatThrownBy(() -> permits.withPermit(Mono.error(new IllegalStateException("boom")))
                .block(Duration.ofSeconds(5))).hasMessage("boom");
        assertThat(permits.inUse()).isZero();
        assertThat(permits.withPermit(Mono.just("next")).block(Duration.ofSeconds(5))).isEqualTo("next");
    }

    @Test
    void aTimeoutDownstreamGivesThePermitBack() {
        assertThatThrownBy(() -> permits.withPermit(Mono.never()).timeout(Duration.ofMillis(50))
                .block(Duration.ofSeconds(5))).hasCauseInstanceOf(TimeoutException.class);
        assertThat(permits.inUse()).isZero();
        assertThat(permits.withPermit(Mono.just("next")).block(Duration.ofSeconds(5))).isEqualTo("next");
    }

    @Test
    void workThatEndedWithoutAnAnswerKeepsThePermitForTheHold() {
        Duration hold = Duration.ofMillis(300);
        Disposable cancelled = permits.withPermit(Mono.never(), hold, failure -> false).subscribe();
        cancelled.dispose();
        assertThat(permits.inUse()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> permits.inUse() == 0);

        assertThatThrownBy(() -> permits.withPermit(Mono.error(new TimeoutException("no answer")), hold,
                failure -> failure instanceof TimeoutException).block(Duration.ofSeconds(5)))
                .hasCauseInstanceOf(TimeoutException.class);
        assertThat(permits.inUse()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> permits.inUse() == 0);
    }

    @Test
    void anAnswerOrAnotherErrorFreesThePermitAtOnceAndAWaiterThatGivesUpIsNotHeld() {
        Duration hold = Duration.ofMinutes(5);
        assertThat(permits.withPermit(Mono.just("answer"), hold, failure -> true).block(Duration.ofSeconds(5)))
                .isEqualTo("answer");
        assertThatThrownBy(() -> permits.withPermit(Mono.error(new IllegalStateException("rejected")), hold,
                failure -> false).block(Duration.ofSeconds(5))).hasMessage("rejected");
        assertThat(permits.inUse()).isZero();

        Sinks.One<String> endFirst = Sinks.one();
        permits.withPermit(held("first", endFirst)).subscribe();
        permits.withPermit(held("gives up", Sinks.one()), hold, failure -> true).subscribe().dispose();
        endFirst.tryEmitValue("done");
        assertThat(permits.inUse()).isZero();
        assertThat(permits.waiting()).isZero();
    }

    @Test
    void eachResubscriptionIsOneAttemptWithItsOwnPermit() {
        AtomicInteger attempts = new AtomicInteger();
        Mono<String> failingTwice = permits.withPermit(Mono.defer(() -> attempts.incrementAndGet() < 3
                ? Mono.error(new IllegalStateException("again")) : Mono.just("third time")));
        assertThat(failingTwice.retry(5).block(Duration.ofSeconds(5))).isEqualTo("third time");
        assertThat(attempts).hasValue(3);
        assertThat(permits.inUse()).isZero();
    }

    @Test
    void underLoadWithCancellationsNeverMoreThanTheLimitRunAndEveryPermitComesBack() {
        InFlightPermits two = new InFlightPermits(2);
        Running running = new Running();
        List<Mono<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Mono<Integer> work = Mono.defer(() -> {
                Object call = new Object();
                // Running from the moment the work is asked for (as an HTTP exchange sends on request).
                return Mono.delay(Duration.ofMillis(ThreadLocalRandom.current().nextInt(3)))
                        .map(tick -> 1)
                        .doOnTerminate(() -> running.stop(call))
                        .doOnCancel(() -> running.stop(call))
                        .doOnRequest(n -> running.start(call));
            });
            Mono<Integer> call = two.withPermit(work).subscribeOn(Schedulers.parallel());
            // A third of the callers give up after a moment, while waiting or while running.
            calls.add(i % 3 == 0 ? call.timeout(Duration.ofMillis(2)).onErrorResume(e -> Mono.just(0)) : call);
        }

        Integer done = Flux.merge(calls).reduce(0, Integer::sum).block(Duration.ofSeconds(60));

        assertThat(done).isGreaterThanOrEqualTo(266);
        assertThat(running.most()).isBetween(1, 2);
        assertThat(two.inUse()).isZero();
        assertThat(two.waiting()).isZero();
    }

    /** Counts works running at once; a work stopped before it started never starts. */
    private static final class Running {
        private final java.util.Map<Object, Boolean> started = new java.util.IdentityHashMap<>();
        private int now;
        private int most;

        synchronized void start(Object call) {
            if (started.putIfAbsent(call, Boolean.TRUE) == null) {
                most = Math.max(most, ++now);
            }
        }

        synchronized void stop(Object call) {
            if (started.put(call, Boolean.FALSE) == Boolean.TRUE) {
                now--;
            }
        }

        synchronized int most() {
            return most;
        }
    }

    @Test
    void oneCredentialHasOnePoolInTheJvmAndTheStrictestLimitHolds() {
        String key = KaspiHttp.credentialKey("shop|http://localhost:1", "sandbox-token-x-" + System.nanoTime());
        InFlightPermits first = InFlightPermits.of(key, 3);
        InFlightPermits second = InFlightPermits.of(key, 1);
        InFlightPermits third = InFlightPermits.of(key, 5);
        assertThat(second).isSameAs(first).isSameAs(third);
        assertThat(first.limit()).isEqualTo(1);
    }

    private static Sinks.One<String> sinkWith(String value) {
        Sinks.One<String> sink = Sinks.one();
        sink.tryEmitValue(value);
        return sink;
    }
}
