package kz.kaspibridge.deliverygateway.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import kz.kaspibridge.deliverygateway.deliveries.DeliveryStatus;

/** What the topology counts; Micrometer in the service, nothing in unit tests. Every tag value is bounded. */
public interface GatewayMetrics {

    /** {@code booked}, {@code failed}, {@code duplicate}, {@code refused}. */
    void booking(String outcome);

    /** {@code cancelled}, {@code rejected}, {@code duplicate}, {@code refused}, {@code no_delivery}. */
    void cancel(String outcome);

    /**
     * {@code applied}, {@code duplicate}, {@code stale}, {@code not_allowed}, {@code kept} (delivery not known yet),
     * {@code dropped} (given up), {@code unknown_status}, {@code anomaly}.
     */
    void report(String outcome, int count);

    /** A delivery moved; {@code timeInPrevious} is how long it stayed in {@code previous}, when known. */
    void statusChanged(DeliveryStatus previous, DeliveryStatus status, Duration timeInPrevious);

    /** From the ingress receiving a webhook to our {@code DeliveryStatusChanged}. */
    void reportToEvent(Duration latency);

    /** {@code requested}, {@code fixed} (a read moved a delivery a webhook had not). */
    void reconciliation(String outcome);

    /**
     * The deliveries of one task by status after each sweep, and for each status not final, since when the delivery
     * that has been in it longest has been there (Kaspi's time): what tells a stuck delivery from a busy day.
     */
    void deliveries(String task, Map<DeliveryStatus, Long> byStatus, Map<DeliveryStatus, Instant> oldestSince);

    static GatewayMetrics none() {
        return new GatewayMetrics() {
            @Override
            public void booking(String outcome) {
            }

            @Override
            public void cancel(String outcome) {
            }

            @Override
            public void report(String outcome, int count) {
            }

            @Override
            public void statusChanged(DeliveryStatus previous, DeliveryStatus status, Duration timeInPrevious) {
            }

            @Override
            public void reportToEvent(Duration latency) {
            }

            @Override
            public void reconciliation(String outcome) {
            }

            @Override
            public void deliveries(String task, Map<DeliveryStatus, Long> byStatus,
                                   Map<DeliveryStatus, Instant> oldestSince) {
            }
        };
    }
}
