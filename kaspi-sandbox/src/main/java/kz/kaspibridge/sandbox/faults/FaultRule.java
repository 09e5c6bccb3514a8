package kz.kaspibridge.sandbox.faults;

import java.time.Duration;

/**
 * One fault to inject: on which operation ({@code orders.list}, {@code orders.get},
 * {@code orders.entries}, {@code orders.update}, {@code delivery.create}, {@code delivery.get},
 * {@code delivery.cancel}, or {@code *}), how often ({@code probability} 0..1) and at most how many
 * times ({@code times}, 0 = no limit). Build with the factories, then {@code withProbability} or
 * {@code times}.
 */
public record FaultRule(String operation, FaultType type, double probability, int times, Duration latency,
                        Duration retryAfter, int status) {

    public FaultRule {
        if (operation == null || operation.isBlank()) {
            throw new IllegalArgumentException("operation is required, or * for every operation");
        }
        if (type == null) {
            throw new IllegalArgumentException("type is required");
        }
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("probability must be within 0..1");
        }
        if (times < 0) {
            throw new IllegalArgumentException("times must not be negative");
        }
        latency = latency != null ? latency : (type == FaultType.TIMEOUT ? Duration.ofMinutes(2) : Duration.ZERO);
        retryAfter = retryAfter != null ? retryAfter : Duration.ofSeconds(1);
        status = status != 0 ? status : (type == FaultType.APPLIED_THEN_ERROR ? 504 : 503);
    }

    public static FaultRule latency(String operation, Duration latency) {
        return new FaultRule(operation, FaultType.LATENCY, 1, 0, latency, null, 0);
    }

    public static FaultRule rateLimit(String operation, Duration retryAfter) {
        return new FaultRule(operation, FaultType.RATE_LIMIT, 1, 0, null, retryAfter, 0);
    }

    public static FaultRule serverError(String operation, int status) {
        return new FaultRule(operation, FaultType.SERVER_ERROR, 1, 0, null, null, status);
    }

    public static FaultRule dropConnection(String operation) {
        return new FaultRule(operation, FaultType.DROP_CONNECTION, 1, 0, null, null, 0);
    }

    public static FaultRule timeout(String operation) {
        return new FaultRule(operation, FaultType.TIMEOUT, 1, 0, null, null, 0);
    }

    public static FaultRule malformedJson(String operation) {
        return new FaultRule(operation, FaultType.MALFORMED_JSON, 1, 0, null, null, 0);
    }

    /** Kaspi applies the request, then the client gets {@code status} instead of the answer. */
    public static FaultRule appliedThenError(String operation, int status) {
        return new FaultRule(operation, FaultType.APPLIED_THEN_ERROR, 1, 0, null, null, status);
    }

    public FaultRule withProbability(double value) {
        return new FaultRule(operation, type, value, times, latency, retryAfter, status);
    }

    public FaultRule times(int value) {
        return new FaultRule(operation, type, probability, value, latency, retryAfter, status);
    }

    boolean appliesTo(String candidate) {
        return "*".equals(operation) || operation.equals(candidate);
    }
}
