package kz.kaspibridge.kaspiclient;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every way a Kaspi call fails, as a closed family. Callers decide what is business (a
 * {@link Rejected} accept: the order was cancelled meanwhile) and what is technical (the rest,
 * which the client already retried where safe). Messages never carry tokens or personal data.
 */
public abstract sealed class KaspiApiException extends RuntimeException {

    private final String operation;
    private final int status;

    private KaspiApiException(String operation, int status, String message, Throwable cause) {
        super(operation + ": " + message, cause);
        this.operation = operation;
        this.status = status;
    }

    /** e.g. {@code orders.accept}. */
    public String operation() {
        return operation;
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** A low-cardinality name for metrics and logs. */
    public abstract String outcome();

    /** 401 or 403: a wrong, expired or missing token or API key. */
    public static final class Unauthorized extends KaspiApiException {
        public Unauthorized(String operation, int status) {
            super(operation, status, "unauthorized (" + status + ")", null);
        }

        @Override
        public String outcome() {
            return "unauthorized";
        }
    }

    /** 404: no such order or delivery (for this token). */
    public static final class NotFound extends KaspiApiException {
        public NotFound(String operation) {
            super(operation, 404, "not found", null);
        }

        @Override
        public String outcome() {
            return "not_found";
        }
    }

    /**
     * Kaspi refused the request as such (400, 409, 422): an illegal status transition, a wrong
     * security code, a delivery already in transit. {@link #titles()} are Kaspi's own words.
     */
    public static final class Rejected extends KaspiApiException {
        private final List<String> titles;

        public Rejected(String operation, int status, List<String> titles) {
            super(operation, status, "rejected (" + status + "): " + String.join("; ", titles), null);
            this.titles = List.copyOf(titles);
        }

        public List<String> titles() {
            return titles;
        }

        /** The first title, or empty when Kaspi gave none. */
        public String title() {
            return titles.isEmpty() ? "" : titles.get(0);
        }

        @Override
        public String outcome() {
            return "rejected";
        }
    }

    /** 429, still so after the retries; {@link #retryAfter()} is what Kaspi asked for. */
    public static final class RateLimited extends KaspiApiException {
        private final Duration retryAfter;

        public RateLimited(String operation, Duration retryAfter) {
            super(operation, 429, "rate limited" + (retryAfter == null ? "" : ", retry after " + retryAfter), null);
            this.retryAfter = retryAfter;
        }

        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }

        @Override
        public String outcome() {
            return "rate_limited";
        }
    }

    /** 5xx, or another status the API does not define. */
    public static final class ServerError extends KaspiApiException {
        public ServerError(String operation, int status) {
            super(operation, status, "server error (" + status + ")", null);
        }

        @Override
        public String outcome() {
            return "server_error";
        }
    }

    /** No (complete) answer within the connect or response timeout; the effect is unknown. */
    public static final class Timeout extends KaspiApiException {
        public Timeout(String operation, Throwable cause) {
            super(operation, 0, "timed out", cause);
        }

        @Override
        public String outcome() {
            return "timeout";
        }
    }

    /**
     * The connection failed. With {@link #beforeRequest()} Kaspi cannot have seen the request
     * (refused, unresolvable); otherwise it was dropped mid-way and the effect is unknown.
     */
    public static final class ConnectionFailed extends KaspiApiException {
        private final boolean beforeRequest;

        public ConnectionFailed(String operation, boolean beforeRequest, Throwable cause) {
            super(operation, 0, beforeRequest ? "could not connect" : "connection dropped", cause);
            this.beforeRequest = beforeRequest;
        }

        public boolean beforeRequest() {
            return beforeRequest;
        }

        @Override
        public String outcome() {
            return "connection_failed";
        }
    }

    /** A 2xx whose body is not the JSON expected. */
    public static final class MalformedResponse extends KaspiApiException {
        public MalformedResponse(String operation, String problem, Throwable cause) {
            super(operation, 200, "malformed response: " + problem, cause);
        }

        @Override
        public String outcome() {
            return "malformed";
        }
    }
}
