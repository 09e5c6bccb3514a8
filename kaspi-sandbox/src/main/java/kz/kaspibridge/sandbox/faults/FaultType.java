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
    MALFORMED_JSON,
    /**
     * Carry the request out (auth, validation, the change and its call counter), then throw the answer away and
     * send {@code status} (default 504) instead: a gateway that timed out on a Kaspi that did the work. The one
     * fault a client cannot tell from a change that never happened.
     */
    APPLIED_THEN_ERROR
}
