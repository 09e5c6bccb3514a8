package kz.kaspibridge.sandbox.faults;

public enum FaultType {
    /** Answer normally, after {@code latency}. */
    LATENCY,
    /** 429 with {@code Retry-After} in whole seconds. */
    RATE_LIMIT,
    /** {@code status} (default 503) with a short body. */
    SERVER_ERROR,
    /** Close the TCP connection without answering. */
    DROP_CONNECTION,
    /** Hold the request for {@code latency} (default 2 min), longer than any sane client timeout. */
    TIMEOUT,
    /** 200 with a truncated JSON body. */
    MALFORMED_JSON
}
