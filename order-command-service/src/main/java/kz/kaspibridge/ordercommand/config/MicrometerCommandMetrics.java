package kz.kaspibridge.ordercommand.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import kz.kaspibridge.ordercommand.commands.OrderCommand.CommandType;
import kz.kaspibridge.ordercommand.streams.CommandMetrics;

/** The topology's counters, {@code kaspi.commands.*}; tags are merchant, policy, type and outcome only. */
final class MicrometerCommandMetrics implements CommandMetrics {

    private final MeterRegistry registry;
    /** Per Streams task, per merchant: held orders past their deadline, as the task's last scan saw them. */
    private final Map<String, Map<String, Integer>> waitingByTask = new ConcurrentHashMap<>();
    private final Set<String> waitingGauges = ConcurrentHashMap.newKeySet();

    /**
     * The series dashboards and alerts read exist at 0 from the start, so they have one before the first event:
     * commands by type and outcome, each merchant's delivery cancels, and a MANUAL merchant's overdue gauge and counter.
     *
     * @param merchants       every configured merchant
     * @param manualMerchants the merchants with the MANUAL policy
     */
    MicrometerCommandMetrics(MeterRegistry registry, Collection<String> merchants, Collection<String> manualMerchants) {
        this.registry = registry;
        for (CommandType type : CommandType.values()) {
            for (String outcome : List.of("ACCEPTED_FOR_EFFECT", "REJECTED", "DUPLICATE")) {
                registry.counter("kaspi.commands.commands", "type", type.name(), "outcome", outcome);
            }
        }
        for (String merchant : merchants) {
            registry.counter("kaspi.commands.delivery.cancels", "merchant", merchant);
        }
        for (String merchant : manualMerchants) {
            registry.counter("kaspi.commands.manual.overdue", "merchant", merchant);
            waitingGauge(merchant);
        }
    }

    @Override
    public void policyDecision(String merchant, String policy, String decision) {
        registry.counter("kaspi.commands.policy.decisions", "merchant", merchant, "policy", policy, "decision",
                decision).increment();
    }

    @Override
    public void command(String type, String outcome) {
        registry.counter("kaspi.commands.commands", "type", type, "outcome", outcome).increment();
    }

    @Override
    public void reservation(String merchant, String outcome) {
        registry.counter("kaspi.commands.reservations", "merchant", merchant, "outcome", outcome).increment();
    }

    @Override
    public void overdue(String merchant) {
        registry.counter("kaspi.commands.manual.overdue", "merchant", merchant).increment();
    }

    @Override
    public void overdueWaiting(String task, Map<String, Integer> byMerchant) {
        if (byMerchant.isEmpty()) {
            waitingByTask.remove(task);
        } else {
            waitingByTask.put(task, Map.copyOf(byMerchant));
        }
        for (String merchant : byMerchant.keySet()) {
            waitingGauge(merchant);
        }
    }

    private void waitingGauge(String merchant) {
        if (waitingGauges.add(merchant)) {
            Gauge.builder("kaspi.commands.manual.overdue.waiting", waitingByTask,
                            tasks -> tasks.values().stream().mapToInt(m -> m.getOrDefault(merchant, 0)).sum())
                    .description("held orders past their deadline, still waiting for a command")
                    .tag("merchant", merchant).register(registry);
        }
    }

    @Override
    public void deliveryCancel(String merchant) {
        registry.counter("kaspi.commands.delivery.cancels", "merchant", merchant).increment();
    }
}
