package kz.kaspibridge.orderpoller.polling;

/** Kaspi could not answer after the client's own retries; {@link #failure()} says why. */
public class OrderSourceException extends RuntimeException {

    public enum Failure {
        /** 401: the token was revoked or is wrong. A human must act. */
        UNAUTHORIZED,
        RATE_LIMITED,
        UNAVAILABLE,
        TIMEOUT,
        MALFORMED,
        REJECTED,
        OTHER;

        /** Metric tag value. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Failure failure;

    public OrderSourceException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
