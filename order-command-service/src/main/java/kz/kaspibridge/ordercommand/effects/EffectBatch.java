package kz.kaspibridge.ordercommand.effects;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * How one poll of intents is carried out and what of it may be committed, in plain Java.
 *
 * <p>The intents of one partition are grouped by key (order code); each key's intents form a chain, carried out
 * in partition order, one at a time, stopping at its first retryable failure. Chains run concurrently on the given
 * executor. Then, per partition, everything before the first retryable failure F is finished (a result or a dead
 * letter for each) and may be committed, with the partition's offset at F (or past the last intent); what comes
 * after F is not committed: its finished outcomes are handed back as {@link PartitionPlan#kept()}, so that the
 * redelivery from F writes them without carrying them out again.
 *
 * @param <T> an intent (the consumer record)
 * @param <R> what carrying one out produces (the result and booking)
 */
public final class EffectBatch {

    private EffectBatch() {
    }

    /** One intent of the poll, where it sits. */
    public record Item<T>(int partition, long offset, String key, T payload) {
    }

    /** What became of one intent. */
    public sealed interface Outcome<R> permits Done, Dead, Failed {
        /** A result (or nothing) to write; committed with its offset. */
        default boolean finished() {
            return !(this instanceof Failed<R>);
        }
    }

    /** Carried out: {@code value} is to be written. */
    public record Done<R>(R value) implements Outcome<R> {
    }

    /** Not to be retried (any more): to the dead-letter topic, which finishes it. */
    public record Dead<R>(Exception error) implements Outcome<R> {
    }

    /** To be retried after {@code backoffMillis}; later intents of the same key wait. */
    public record Failed<R>(Exception error, long backoffMillis) implements Outcome<R> {
    }

    /** An intent and its outcome. */
    public record Finished<T, R>(Item<T> item, Outcome<R> outcome) {
    }

    /** The retryable failure a partition stops at: the redelivery starts at its offset after the backoff. */
    public record Retry<T>(Item<T> item, Exception error, long backoffMillis) {
    }

    /**
     * What to do with one partition of the poll.
     *
     * @param finished     the intents before the first failure, in offset order, each finished
     * @param commitOffset the offset to commit: the failure's, or one past the last intent
     * @param retry        the failure, if any
     * @param kept         finished outcomes after the failure, by offset, not to be carried out again on redelivery
     */
    public record PartitionPlan<T, R>(int partition, List<Finished<T, R>> finished, long commitOffset,
                                      Optional<Retry<T>> retry, Map<Long, Outcome<R>> kept) {

        /**
         * The plan when the finished intent at {@code index} could not be completed after all (its dead letter
         * was not sent): it and what follows are not committed, it is retried after {@code backoffMillis}, and the
         * finished outcomes after it are kept.
         */
        public PartitionPlan<T, R> stoppedAt(int index, Exception error, long backoffMillis) {
            Item<T> item = finished.get(index).item();
            Map<Long, Outcome<R>> keep = new TreeMap<>(kept);
            for (Finished<T, R> later : finished.subList(index + 1, finished.size())) {
                keep.put(later.item().offset(), later.outcome());
            }
            return new PartitionPlan<>(partition, List.copyOf(finished.subList(0, index)), item.offset(),
                    Optional.of(new Retry<>(item, error, backoffMillis)), Map.copyOf(keep));
        }
    }

    /**
     * Carries out the poll's intents: one chain per partition and key, chains concurrently on {@code executor}.
     * {@code step} must not throw for an intent's failure (it returns {@link Failed} or {@link Dead}); an exception
     * it throws anyway (an {@code Error}) is rethrown here, after every chain has stopped.
     *
     * @return one plan per partition, in the order the partitions first appear in {@code items}
     */
    public static <T, R> List<PartitionPlan<T, R>> run(List<Item<T>> items, Function<Item<T>, Outcome<R>> step,
                                                       Executor executor) {
        Map<Integer, Map<String, List<Item<T>>>> chains = new LinkedHashMap<>();
        for (Item<T> item : items) {
            chains.computeIfAbsent(item.partition(), p -> new LinkedHashMap<>())
                    .computeIfAbsent(Objects.toString(item.key(), "\u0000no-key"), k -> new ArrayList<>())
                    .add(item);
        }
        List<CompletableFuture<List<Finished<T, R>>>> running = new ArrayList<>();
        for (Map<String, List<Item<T>>> byKey : chains.values()) {
            for (List<Item<T>> chain : byKey.values()) {
                running.add(CompletableFuture.supplyAsync(() -> runChain(chain, step), executor));
            }
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        Map<Integer, Map<Long, Finished<T, R>>> byPartition = new LinkedHashMap<>();
        chains.keySet().forEach(p -> byPartition.put(p, new TreeMap<>()));
        for (CompletableFuture<List<Finished<T, R>>> chain : running) {
            List<Finished<T, R>> outcomes;
            try {
                outcomes = chain.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw e;
            }
            for (Finished<T, R> f : outcomes) {
                byPartition.get(f.item().partition()).put(f.item().offset(), f);
            }
        }
        List<PartitionPlan<T, R>> plans = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, List<Item<T>>>> partition : chains.entrySet()) {
            List<Item<T>> ordered = partition.getValue().values().stream().flatMap(List::stream)
                    .sorted(Comparator.comparingLong(Item::offset)).toList();
            plans.add(plan(partition.getKey(), ordered, byPartition.get(partition.getKey())));
        }
        return plans;
    }

    private static <T, R> List<Finished<T, R>> runChain(List<Item<T>> chain, Function<Item<T>, Outcome<R>> step) {
        List<Finished<T, R>> outcomes = new ArrayList<>();
        for (Item<T> item : chain) {
            Outcome<R> outcome = Objects.requireNonNull(step.apply(item), "outcome");
            outcomes.add(new Finished<>(item, outcome));
            if (!outcome.finished()) {
                break;
            }
        }
        return outcomes;
    }

    /** {@code outcomes}: by offset; an intent without one was not run (its chain stopped before it). */
    static <T, R> PartitionPlan<T, R> plan(int partition, List<Item<T>> ordered, Map<Long, Finished<T, R>> outcomes) {
        List<Finished<T, R>> finished = new ArrayList<>();
        Map<Long, Outcome<R>> kept = new TreeMap<>();
        Retry<T> retry = null;
        for (Item<T> item : ordered) {
            Finished<T, R> f = outcomes.get(item.offset());
            if (retry == null) {
                if (f == null) {
                    throw new IllegalStateException("intent at offset " + item.offset() + " was not run");
                }
                if (f.outcome() instanceof Failed<R> failed) {
                    retry = new Retry<>(item, failed.error(), failed.backoffMillis());
                } else {
                    finished.add(f);
                }
            } else if (f != null && f.outcome().finished()) {
                kept.put(item.offset(), f.outcome());
            }
        }
        long commit = retry != null ? retry.item().offset() : ordered.get(ordered.size() - 1).offset() + 1;
        return new PartitionPlan<>(partition, List.copyOf(finished), commit, Optional.ofNullable(retry),
                Map.copyOf(kept));
    }
}
