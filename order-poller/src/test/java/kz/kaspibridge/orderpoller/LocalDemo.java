package kz.kaspibridge.orderpoller;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kz.kaspibridge.orderpoller.config.OrderPollerProperties;
import kz.kaspibridge.testsupport.LocalProfile;

/**
 * The two halves of the {@code ./run-local} demo: what the launcher seeds into the sandbox
 * ({@code deploy/local/demo.env}, which run-local sources) and what the poller's {@code local} profile
 * polls ({@code application-local.yml}), each read from the file the launcher and the service use.
 */
record LocalDemo(List<String> merchants, int ordersPerMerchant, Duration seedSpan) {

    /** The launcher's demo settings, from the repository root above the module. */
    static LocalDemo seed() {
        Properties values = LocalProfile.demoEnv();
        return new LocalDemo(
                LocalProfile.demoMerchants(),
                Integer.parseInt(required(values, "DEMO_ORDERS_PER_MERCHANT")),
                Duration.ofHours(Long.parseLong(required(values, "DEMO_ORDER_SPAN_HOURS"))));
    }

    int totalOrders() {
        return ordersPerMerchant * merchants.size();
    }

    /** The poller's settings under the {@code local} profile, bound strictly, with the given environment. */
    static OrderPollerProperties pollerLocalProfile(Map<String, Object> environment) {
        return LocalProfile.bind("order-poller", OrderPollerProperties.class, environment);
    }

    private static String required(Properties values, String key) {
        String value = values.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(LocalProfile.DEMO_ENV + " has no " + key);
        }
        return value.trim();
    }
}
