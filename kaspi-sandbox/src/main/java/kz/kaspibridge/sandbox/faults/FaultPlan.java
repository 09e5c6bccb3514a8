package kz.kaspibridge.sandbox.faults;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The faults in force. The first rule that applies, wins its dice roll and has uses left is
 * injected; a rule with {@code times} retires after that many injections.
 */
public final class FaultPlan {

    private static final class ActiveRule {
        final FaultRule rule;
        final AtomicInteger used = new AtomicInteger();

        ActiveRule(FaultRule rule) {
            this.rule = rule;
        }

        boolean claim() {
            if (rule.times() == 0) {
                return true;
            }
            return used.incrementAndGet() <= rule.times();
        }
    }

    private final List<ActiveRule> rules = new CopyOnWriteArrayList<>();
    private final SplittableRandom random;

    public FaultPlan(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public void add(FaultRule rule) {
        rules.add(new ActiveRule(rule));
    }

    public void clear() {
        rules.clear();
    }

    public List<FaultRule> rules() {
        return rules.stream().map(active -> active.rule).collect(Collectors.toList());
    }

    public Optional<FaultRule> draw(String operation) {
        for (ActiveRule active : rules) {
            if (active.rule.appliesTo(operation) && roll(active.rule.probability()) && active.claim()) {
                return Optional.of(active.rule);
            }
        }
        return Optional.empty();
    }

    private boolean roll(double probability) {
        if (probability >= 1) {
            return true;
        }
        synchronized (random) {
            return random.nextDouble() < probability;
        }
    }
}
