package kz.kaspibridge.orderpoller.polling;

import java.time.Duration;
import java.time.Instant;

/** What the poller reports; tags stay bounded (merchant, error type), never an order code. */
public interface PollerMetrics {

    default void received(MerchantId merchant, int orders) {
    }

    default void pollSucceeded(MerchantId merchant, Duration took, Instant at) {
    }

    default void kaspiFailed(MerchantId merchant, OrderSourceException.Failure failure) {
    }

    default void kafkaFailed(MerchantId merchant) {
    }

    default void openOrders(MerchantId merchant, int count) {
    }

    /** A status-sync cycle completed: its Kaspi calls (listing pages and lookups), changes found, duration. */
    default void syncCompleted(MerchantId merchant, int kaspiCalls, int changes, Duration took) {
    }

    /** An operator's re-poll request was judged (each request once per owner, an already applied one never). */
    default void repollRequest(Repoll.Outcome outcome) {
    }

    /** Reports nothing: every method is a no-op by default, so a test overrides only what it counts. */
    PollerMetrics NONE = new PollerMetrics() {
    };
}
