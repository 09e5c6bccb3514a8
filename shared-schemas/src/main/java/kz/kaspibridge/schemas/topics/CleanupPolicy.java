package kz.kaspibridge.schemas.topics;

/** Kafka's {@code cleanup.policy}. */
public enum CleanupPolicy {
    DELETE("delete"),
    COMPACT("compact"),
    /** Compacted, and segments older than the retention dropped too (keys that are never rewritten). */
    COMPACT_DELETE("compact,delete");

    private final String config;

    CleanupPolicy(String config) {
        this.config = config;
    }

    public String config() {
        return config;
    }
}
