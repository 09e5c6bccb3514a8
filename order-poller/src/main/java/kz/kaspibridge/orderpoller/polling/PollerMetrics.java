package kz.kaspibridge.orderpoller.polling;

import java.time.Duration;
import java.time.Instant;

/** What the poller reports; tags stay bounded (merchant, error type), never an order code. */
public interface PollerMetrics {

    void received(MerchantId merchant, int orders);

    void pollSucceeded(MerchantId merchant, Duration took, Instant at);

    void kaspiFailed(MerchantId merchant, OrderSourceException.Failure failure);

    void kafkaFailed(MerchantId merchant);

    void openOrders(MerchantId merchant, int count);

    /** A status-sync cycle completed: its Kaspi calls (listing pages and lookups), changes found, duration. */
    void syncCompleted(MerchantId merchant, int kaspiCalls, int changes, Duration took);

    /** An operator's re-poll request was judged (each request once per owner, an already applied one never). */
    default void repollRequest(Repoll.Outcome outcome) {
    }

    PollerMetrics NONE = new PollerMetrics() {
        @Override
        public void received(MerchantId merchant, int orders) {
        }

        @Override
        public void pollSucceeded(MerchantId merchant, Duration took, Instant at) {
        }

        @Override
        public void kaspiFailed(MerchantId merchant, OrderSourceException.Failure failure) {
        }

        @Override
        public void kafkaFailed(MerchantId merchant) {
        }

        @Override
        public void openOrders(MerchantId merchant, int count) {
        }

        @Override
        public void syncCompleted(MerchantId merchant, int kaspiCalls, int changes, Duration took) {
        }
    };
}
