package kz.kaspibridge.ordercommand.config;

import io.micrometer.core.instrument.MeterRegistry;
import kz.kaspibridge.ordercommand.streams.CommandMetrics;

/** The topology's counters, {@code kaspi.commands.*}; tags are merchant, policy, type and outcome only. */
final class MicrometerCommandMetrics implements CommandMetrics {

    private final MeterRegistry registry;

    MicrometerCommandMetrics(MeterRegistry registry) {
        this.registry = registry;
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
    public void deliveryCancel(String merchant) {
        registry.counter("kaspi.commands.delivery.cancels", "merchant", merchant).increment();
    }
}
