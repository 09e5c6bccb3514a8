package kz.kaspibridge.sandbox.calls;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts calls that reached the handlers (injected faults never do). */
public final class CallCounters {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    public void increment(CallKind kind, String key) {
        counts.computeIfAbsent(name(kind, key), k -> new AtomicLong()).incrementAndGet();
    }

    public long get(CallKind kind, String key) {
        AtomicLong count = counts.get(name(kind, key));
        return count == null ? 0 : count.get();
    }

    /** Every counter as {@code KIND:key -> count}, sorted. */
    public Map<String, Long> all() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((name, count) -> copy.put(name, count.get()));
        return copy;
    }

    /** The counters of one key, by kind; kinds never called are absent. */
    public Map<CallKind, Long> forKey(String key) {
        Map<CallKind, Long> result = new TreeMap<>();
        for (CallKind kind : CallKind.values()) {
            long count = get(kind, key);
            if (count > 0) {
                result.put(kind, count);
            }
        }
        return result;
    }

    public void clear() {
        counts.clear();
    }

    private static String name(CallKind kind, String key) {
        return kind.name() + ":" + key;
    }
}
