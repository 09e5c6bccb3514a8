package kz.kaspibridge.orderpoller.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import kz.kaspibridge.orderpoller.polling.MerchantId;
import kz.kaspibridge.orderpoller.polling.Repoll;
import kz.kaspibridge.orderpoller.polling.OrderSourceException;
import kz.kaspibridge.orderpoller.polling.PollerMetrics;

/** The poller's metrics; tags are the configured merchant ids and error types, both bounded. */
final class MicrometerPollerMetrics implements PollerMetrics {

    private static final String LAST_SUCCESS = "Epoch seconds of the last successful poll, or of the start before "
            + "the first (alert when stale)";

    private final MeterRegistry registry;
    private final Map<MerchantId, AtomicLong> lastSuccess = new ConcurrentHashMap<>();
    private final Map<MerchantId, AtomicLong> openOrders = new ConcurrentHashMap<>();

    /**
     * Registers, for every configured merchant, the series the alerts read before anything has happened: the last
     * successful poll, as of the start (so a merchant whose polls fail from the start, or that no instance owns, is
     * stale 10 minutes later instead of having no series at all, which no alert sees), and the 401 counter at 0 (so
     * the first 401 is an increase).
     */
    MicrometerPollerMetrics(MeterRegistry registry, Collection<MerchantId> merchants, Instant startedAt) {
        this.registry = registry;
        for (MerchantId merchant : merchants) {
            gauge("kaspi.poller.last.success", LAST_SUCCESS, lastSuccess, merchant).set(startedAt.getEpochSecond());
            errors(merchant, OrderSourceException.Failure.UNAUTHORIZED.tag());
        }
    }

    @Override
    public void received(MerchantId merchant, int orders) {
        Counter.builder("kaspi.poller.orders.received").description("New orders emitted as OrderReceived")
                .tag("merchant", merchant.value()).register(registry).increment(orders);
    }

    @Override
    public void pollSucceeded(MerchantId merchant, Duration took, Instant at) {
        Timer.builder("kaspi.poller.poll.duration").description("One poll for new orders, all windows and pages")
                .tag("merchant", merchant.value()).register(registry).record(took);
        gauge("kaspi.poller.last.success", LAST_SUCCESS, lastSuccess, merchant).set(at.getEpochSecond());
    }

    @Override
    public void kaspiFailed(MerchantId merchant, OrderSourceException.Failure failure) {
        error(merchant, failure.tag());
    }

    @Override
    public void kafkaFailed(MerchantId merchant) {
        error(merchant, "kafka");
    }

    @Override
    public void openOrders(MerchantId merchant, int count) {
        gauge("kaspi.poller.open.orders", "Emitted orders not final yet, tracked by status sync", openOrders,
                merchant).set(count);
    }

    @Override
    public void syncCompleted(MerchantId merchant, int kaspiCalls, int changes, Duration took) {
        DistributionSummary.builder("kaspi.poller.sync.calls")
                .description("Kaspi calls (listing pages and lookups) of one status-sync cycle")
                .tag("merchant", merchant.value()).register(registry).record(kaspiCalls);
        Timer.builder("kaspi.poller.sync.duration").description("One status-sync cycle, budget pauses and polls included")
                .tag("merchant", merchant.value()).register(registry).record(took);
        Counter.builder("kaspi.poller.status.changes").description("Status changes emitted as OrderStatusChanged")
                .tag("merchant", merchant.value()).register(registry).increment(changes);
    }

    /** Tagged by outcome only: a request for an unknown merchant carries a key anyone may have typed. */
    @Override
    public void repollRequest(Repoll.Outcome outcome) {
        Counter.builder("kaspi.poller.repoll.requests").description("Operators' re-poll requests, by what became of them")
                .tag("outcome", outcome.tag()).register(registry).increment();
    }

    private void error(MerchantId merchant, String type) {
        errors(merchant, type).increment();
    }

    private Counter errors(MerchantId merchant, String type) {
        return Counter.builder("kaspi.poller.errors").description("Failed polls by cause")
                .tag("type", type).tag("merchant", merchant.value()).register(registry);
    }

    private AtomicLong gauge(String name, String description, Map<MerchantId, AtomicLong> values,
                             MerchantId merchant) {
        return values.computeIfAbsent(merchant, m -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).description(description).tag("merchant", m.value())
                    .register(registry);
            return value;
        });
    }
}
