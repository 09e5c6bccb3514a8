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

    public static Map<String, String> merchant(String id, String token, String lookback, String pollInterval) {
        Map<String, String> settings = new HashMap<>(PollerInstance.merchant(0, id, token, lookback));
        settings.put("order-poller.merchants[0].poll-interval", pollInterval);
        return settings;
    }
}
