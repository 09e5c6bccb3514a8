package kz.kaspibridge.orderpoller;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import kz.kaspibridge.orderpoller.merchants.MerchantWorkers;
import kz.kaspibridge.orderpoller.polling.MerchantId;
import kz.kaspibridge.testsupport.RunningService;

/**
 * One running poller, started like the real service (its own Spring context, real Kafka, real
 * registry, the sandbox over HTTP), so a test can run two of them or stop and restart one.
 */
final class PollerInstance implements AutoCloseable {

    private final RunningService service;

    private PollerInstance(RunningService service) {
        this.service = service;
    }

    /** Properties every test needs; {@code settings} adds or overrides {@code order-poller.*} and the rest. */
    static PollerInstance start(String topicPrefix, String shopApiUrl, Map<String, String> settings) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("order-poller.kaspi.base-url", shopApiUrl);
        props.put("order-poller.kaspi.timeout", "3s");
        props.put("order-poller.kafka.topic-prefix", topicPrefix);
        props.put("order-poller.kafka.partitions", "4");
        props.put("order-poller.kafka.session-timeout", "6s");
        props.put("order-poller.backoff.initial", "200ms");
        props.put("order-poller.backoff.max", "2s");
        props.putAll(settings);
        return new PollerInstance(RunningService.start(OrderPollerApplication.class, props));
    }

    /** {@code order-poller.merchants[i].*} for one merchant with test-friendly intervals. */
    static Map<String, String> merchant(int index, String id, String token, String lookback) {
        String p = "order-poller.merchants[" + index + "].";
        Map<String, String> m = new LinkedHashMap<>();
        m.put(p + "id", id);
        m.put(p + "token", token);
        m.put(p + "poll-interval", "300ms");
        m.put(p + "status-sync-interval", "500ms");
        m.put(p + "first-start-lookback", lookback);
        m.put(p + "overlap", "1h");
        m.put(p + "unauthorized-retry", "1s");
        return m;
    }

    Set<MerchantId> owned() {
        return service.bean(MerchantWorkers.class).owned();
    }

    /** Successful polls of a merchant so far: a way to know that more polls happened. */
    long polls(String merchant) {
        Timer timer = service.bean(MeterRegistry.class).find("kaspi.poller.poll.duration")
                .tag("merchant", merchant).timer();
        return timer == null ? 0 : timer.count();
    }

    /** Kaspi calls per completed status-sync cycle of a merchant, or null before the first cycle. */
    io.micrometer.core.instrument.DistributionSummary syncCalls(String merchant) {
        return service.bean(MeterRegistry.class).find("kaspi.poller.sync.calls").tag("merchant", merchant)
                .summary();
    }

    double errors(String merchant, String type) {
        var counter = service.bean(MeterRegistry.class).find("kaspi.poller.errors")
                .tag("merchant", merchant).tag("type", type).counter();
        return counter == null ? 0 : counter.count();
    }

    double repollRequests(String outcome) {
        var counter = service.bean(MeterRegistry.class).find("kaspi.poller.repoll.requests").tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    double gauge(String name, String merchant) {
        var gauge = service.bean(MeterRegistry.class).find(name).tag("merchant", merchant).gauge();
        return gauge == null ? -1 : gauge.value();
    }

    int port() {
        return service.port();
    }

    @Override
    public void close() {
        service.close();
    }
}
