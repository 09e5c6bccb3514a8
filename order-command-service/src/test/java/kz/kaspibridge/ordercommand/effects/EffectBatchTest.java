package kz.kaspibridge.ordercommand.effects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import kz.kaspibridge.ordercommand.effects.EffectBatch.Dead;
import kz.kaspibridge.ordercommand.effects.EffectBatch.Done;
import kz.kaspibridge.ordercommand.effects.EffectBatch.Failed;
import kz.kaspibridge.ordercommand.effects.EffectBatch.Item;
import kz.kaspibridge.ordercommand.effects.EffectBatch.Outcome;
import kz.kaspibridge.ordercommand.effects.EffectBatch.PartitionPlan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EffectBatchTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static Item<String> item(int partition, long offset, String key) {
        return new Item<>(partition, offset, key, key + "@" + partition + ":" + offset);
    }

    private static Function<Item<String>, Outcome<String>> doneExcept(Set<String> failing, Set<String> dead,
                                                                      List<String> ran) {
        return item -> {
            ran.add(item.payload());
            if (failing.contains(item.payload())) {
                return new Failed<>(new IllegalStateException("503"), 500);
            }
            if (dead.contains(item.payload())) {
                return new Dead<>(new IllegalArgumentException("poison"));
            }
            return new Done<>("result of " + item.payload());
        };
    }

    private static List<Long> offsets(PartitionPlan<String, String> plan) {
        return plan.finished().stream().map(f -> f.item().offset()).toList();
    }

    @Test
    void everythingDoneCommitsPastTheLastIntentOfEachPartition() {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        List<PartitionPlan<String, String>> plans = EffectBatch.run(
                List.of(item(0, 10, "a"), item(1, 3, "x"), item(0, 11, "b"), item(0, 12, "a")),
                doneExcept(Set.of(), Set.of(), ran), pool);

        assertThat(plans).extracting(PartitionPlan::partition).containsExactly(0, 1);
        assertThat(offsets(plans.get(0))).containsExactly(10L, 11L, 12L);
        assertThat(plans.get(0).commitOffset()).isEqualTo(13);
        assertThat(plans.get(0).retry()).isEmpty();
        assertThat(plans.get(0).kept()).isEmpty();
        assertThat(plans.get(1).commitOffset()).isEqualTo(4);
        assertThat(ran).hasSize(4);
    }

    @Test
    void aFailureStopsItsOrderAndTheCommitOfItsPartitionButNoOtherOrderOrPartition() {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        List<PartitionPlan<String, String>> plans = EffectBatch.run(
                List.of(item(0, 0, "a"), item(0, 1, "b"), item(0, 2, "a"), item(0, 3, "c"), item(0, 4, "b"),
                        item(0, 5, "a"), item(1, 0, "d"), item(1, 1, "d")),
                doneExcept(Set.of("a@0:2"), Set.of(), ran), pool);

        PartitionPlan<String, String> p0 = plans.get(0);
        assertThat(offsets(p0)).containsExactly(0L, 1L);
        assertThat(p0.commitOffset()).isEqualTo(2);
        assertThat(p0.retry()).hasValueSatisfying(r -> {
            assertThat(r.item().offset()).isEqualTo(2);
            assertThat(r.backoffMillis()).isEqualTo(500);
        });
        // c and b after the failure were carried out: kept for the redelivery, not carried out again
        assertThat(p0.kept()).containsOnlyKeys(3L, 4L);
        assertThat(p0.kept().get(3L)).isEqualTo(new Done<>("result of c@0:3"));
        // a's later intent never overtakes the failed one
        assertThat(ran).doesNotContain("a@0:5");
        assertThat(offsets(plans.get(1))).containsExactly(0L, 1L);
        assertThat(plans.get(1).commitOffset()).isEqualTo(2);
    }

    @Test
    void aDeadIntentIsFinishedAndItsOrderGoesOn() {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        List<PartitionPlan<String, String>> plans = EffectBatch.run(
                List.of(item(2, 7, "a"), item(2, 8, "a"), item(2, 9, "b")),
                doneExcept(Set.of(), Set.of("a@2:7"), ran), pool);

        assertThat(offsets(plans.get(0))).containsExactly(7L, 8L, 9L);
        assertThat(plans.get(0).finished().get(0).outcome()).isInstanceOf(Dead.class);
        assertThat(plans.get(0).commitOffset()).isEqualTo(10);
    }

    @Test
    void aFailureAtTheFirstIntentCommitsNothingOfItsPartition() {
        List<PartitionPlan<String, String>> plans = EffectBatch.run(List.of(item(0, 4, "a"), item(0, 5, "b")),
                doneExcept(Set.of("a@0:4"), Set.of(), new ArrayList<>()), pool);

        assertThat(plans.get(0).finished()).isEmpty();
        assertThat(plans.get(0).commitOffset()).isEqualTo(4);
        assertThat(plans.get(0).kept()).containsOnlyKeys(5L);
    }

    @Test
    void ordersRunConcurrentlyAndEachOrdersIntentsOneAfterTheOther() throws Exception {
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        AtomicInteger overlapsOfOneOrder = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        List<Item<String>> items = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            items.add(item(i % 2, i, "k" + (i % 4)));
        }
        EffectBatch.run(items, item -> {
            if (inFlight.computeIfAbsent(item.key(), k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlapsOfOneOrder.incrementAndGet();
            }
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            order.add(item.payload());
            running.decrementAndGet();
            inFlight.get(item.key()).decrementAndGet();
            return new Done<>(item.payload());
        }, pool);

        assertThat(overlapsOfOneOrder).hasValue(0);
        assertThat(mostAtOnce.get()).isGreaterThan(1);
        for (int k = 0; k < 4; k++) {
            String key = "k" + k;
            List<Long> seen = order.stream().filter(p -> p.startsWith(key + "@"))
                    .map(p -> Long.parseLong(p.substring(p.indexOf(':') + 1))).toList();
            assertThat(seen).isSorted().hasSize(6);
        }
    }

    @Test
    void waitsForEveryChainBeforeAnError() {
        CountDownLatch slowDone = new CountDownLatch(1);
        assertThatThrownBy(() -> EffectBatch.run(List.of(item(0, 0, "a"), item(0, 1, "b")), item -> {
            if (item.key().equals("a")) {
                throw new OutOfMemoryError("boom");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            slowDone.countDown();
            return new Done<>("b");
        }, pool)).isInstanceOf(OutOfMemoryError.class);
        assertThat(slowDone.getCount()).isZero();
    }

    @Test
    void aDeadLetterNotSentStopsThePartitionThereAndKeepsWhatFollows() {
        PartitionPlan<String, String> plan = EffectBatch.run(
                List.of(item(0, 0, "a"), item(0, 1, "b"), item(0, 2, "c")),
                doneExcept(Set.of(), Set.of("b@0:1"), new ArrayList<>()), pool).get(0);

        PartitionPlan<String, String> stopped = plan.stoppedAt(1, new IllegalStateException("dlt down"), 500);

        assertThat(offsets(stopped)).containsExactly(0L);
        assertThat(stopped.commitOffset()).isEqualTo(1);
        assertThat(stopped.retry()).hasValueSatisfying(r -> assertThat(r.item().offset()).isEqualTo(1));
        assertThat(stopped.kept()).containsOnlyKeys(2L);
    }
}
