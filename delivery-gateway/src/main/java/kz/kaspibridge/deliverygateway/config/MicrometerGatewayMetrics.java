package kz.kaspibridge.deliverygateway.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import kz.kaspibridge.deliverygateway.deliveries.DeliveryStatus;
import kz.kaspibridge.deliverygateway.streams.GatewayMetrics;

/**
 * The gateway's meters: {@code kaspi.delivery.bookings{outcome}}, {@code kaspi.delivery.cancels{outcome}},
 * {@code kaspi.delivery.reports{outcome}}, {@code kaspi.delivery.status.changes{status}},
 * {@code kaspi.delivery.status.duration{status}} (time spent in a status, by Kaspi's timestamps),
 * {@code kaspi.delivery.report.latency} (ingress to event), {@code kaspi.delivery.reconciliation{outcome}} and the
 * gauges {@code kaspi.delivery.deliveries{status}} (deliveries this instance holds, by status) and
 * {@code kaspi.delivery.status.oldest.age{status}} (seconds the delivery longest in a status not final has been in
 * it, 0 when none is: what the "stuck in one status" alert reads). Tags are bounded: outcomes and statuses are fixed
 * sets.
 */
final class MicrometerGatewayMetrics implements GatewayMetrics {

    /** One task's counts and when they were taken. */
    private record TaskCounts(Map<DeliveryStatus, Long> byStatus, Map<DeliveryStatus, Instant> oldestSince,
                              long atMillis) {
    }

    private final MeterRegistry meters;
    private final Clock clock;
    private final long staleAfterMillis;
    private final Map<String, TaskCounts> byTask = new ConcurrentHashMap<>();
    private final Map<DeliveryStatus, Timer> timeInStatus = new EnumMap<>(DeliveryStatus.class);
    private final Timer reportLatency;

    /**
     * @param staleAfter how long a task's counts are shown without a refresh (each full pass of the sweep refreshes
     *                   them): older counts belong to a task that moved to another instance, and are left out
     */
    MicrometerGatewayMetrics(MeterRegistry meters, Clock clock, Duration staleAfter) {
        this.meters = meters;
        this.clock = clock;
        this.staleAfterMillis = staleAfter.toMillis();
        for (DeliveryStatus status : DeliveryStatus.values()) {
            Gauge.builder("kaspi.delivery.deliveries", byTask, tasks -> current(tasks, status))
                    .description("Deliveries held by this instance, by status (refreshed every reconciliation check)")
                    .tag("status", status.name()).register(meters);
            if (!status.isFinal()) {
                Gauge.builder("kaspi.delivery.status.oldest.age", byTask, tasks -> oldestAge(tasks, status))
                        .description("Seconds the delivery longest in this status has been in it (Kaspi's time), "
                                + "0 when none is; refreshed every reconciliation check")
                        .baseUnit("seconds").tag("status", status.name()).register(meters);
            }
            timeInStatus.put(status, Timer.builder("kaspi.delivery.status.duration")
                    .description("Time a delivery spent in a status before moving on, by Kaspi's timestamps")
                    .tag("status", status.name()).publishPercentileHistogram()
                    .maximumExpectedValue(Duration.ofDays(2)).register(meters));
        }
        // At 0 from the start: the reconciliation alert compares fixes with status changes, the dashboards show every
        // outcome, and a rate needs the series before the first increment.
        for (String outcome : List.of("requested", "fixed")) {
            meters.counter("kaspi.delivery.reconciliation", "outcome", outcome);
        }
        for (String outcome : List.of("booked", "failed", "duplicate", "refused")) {
            meters.counter("kaspi.delivery.bookings", "outcome", outcome);
        }
        for (String outcome : List.of("cancelled", "rejected", "duplicate", "refused", "no_delivery")) {
            meters.counter("kaspi.delivery.cancels", "outcome", outcome);
        }
        this.reportLatency = Timer.builder("kaspi.delivery.report.latency")
                .description("From webhook-ingress receiving a report to the DeliveryStatusChanged it caused")
                .publishPercentileHistogram().register(meters);
    }

    @Override
    public void booking(String outcome) {
        meters.counter("kaspi.delivery.bookings", "outcome", outcome).increment();
    }

    @Override
    public void cancel(String outcome) {
        meters.counter("kaspi.delivery.cancels", "outcome", outcome).increment();
    }

    @Override
    public void report(String outcome, int count) {
        meters.counter("kaspi.delivery.reports", "outcome", outcome).increment(count);
    }

    @Override
    public void statusChanged(DeliveryStatus previous, DeliveryStatus status, Duration timeInPrevious) {
        meters.counter("kaspi.delivery.status.changes", "status", status.name()).increment();
        if (previous != null && timeInPrevious != null) {
            timeInStatus.get(previous).record(timeInPrevious);
        }
    }

    @Override
    public void reportToEvent(Duration latency) {
        reportLatency.record(latency.isNegative() ? Duration.ZERO : latency);
    }

    @Override
    public void reconciliation(String outcome) {
        meters.counter("kaspi.delivery.reconciliation", "outcome", outcome).increment();
    }

    @Override
    public void deliveries(String task, Map<DeliveryStatus, Long> byStatus,
                           Map<DeliveryStatus, Instant> oldestSince) {
        byTask.put(task, new TaskCounts(Map.copyOf(byStatus), Map.copyOf(oldestSince), clock.millis()));
    }

    private double current(Map<String, TaskCounts> tasks, DeliveryStatus status) {
        return fresh(tasks).mapToLong(counts -> counts.byStatus().getOrDefault(status, 0L)).sum();
    }

    private double oldestAge(Map<String, TaskCounts> tasks, DeliveryStatus status) {
        long now = clock.millis();
        return fresh(tasks).map(counts -> counts.oldestSince().get(status)).filter(since -> since != null)
                .mapToLong(since -> Math.max(0, now - since.toEpochMilli())).max().orElse(0) / 1000.0;
    }

    /** Counts taken by tasks still here: older ones belong to a task that moved to another instance. */
    private Stream<TaskCounts> fresh(Map<String, TaskCounts> tasks) {
        long now = clock.millis();
        tasks.values().removeIf(counts -> now - counts.atMillis() > staleAfterMillis);
        return tasks.values().stream();
    }
}
