package kz.kaspibridge.kaspiclient;

/**
 * The client-side limit per token (Kaspi publishes none but answers 429 to bursts).
 *
 * @param requestsPerSecond sustained rate per token
 * @param burst             calls allowed back to back before spacing starts
 */
public record RateLimitSettings(double requestsPerSecond, int burst) {

    public RateLimitSettings {
        if (!(requestsPerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("rate must be positive and burst at least 1");
        }
    }

    public static RateLimitSettings defaults() {
        return new RateLimitSettings(5, 5);
    }
}
