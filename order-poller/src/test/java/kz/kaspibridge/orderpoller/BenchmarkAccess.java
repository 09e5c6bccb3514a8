package kz.kaspibridge.orderpoller;

import java.util.HashMap;
import java.util.Map;

/** Lets the benchmark (package {@code bench}) start pollers like the integration tests do. */
public final class BenchmarkAccess {

    private BenchmarkAccess() {
    }

    public static AutoCloseable start(String topicPrefix, String shopApiUrl, Map<String, String> settings) {
        return PollerInstance.start(topicPrefix, shopApiUrl, settings);
    }

    /** Kaspi calls per completed status-sync cycle: {count, mean, max}; zeros before the first cycle. */
    public static double[] syncCalls(AutoCloseable poller, String merchant) {
        var summary = ((PollerInstance) poller).syncCalls(merchant);
        return summary == null ? new double[3] : new double[] {summary.count(), summary.mean(), summary.max()};
    }

    public static Map<String, String> merchant(String id, String token, String lookback, String pollInterval) {
        Map<String, String> settings = new HashMap<>(PollerInstance.merchant(0, id, token, lookback));
        settings.put("order-poller.merchants[0].poll-interval", pollInterval);
        return settings;
    }
}
