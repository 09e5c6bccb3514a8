package kz.kaspibridge.ordercommand;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/** Lets the benchmark (package {@code bench}) start the service like the integration tests do. */
public final class BenchmarkAccess {

    private BenchmarkAccess() {
    }

    /** A running service; close it to stop it. */
    public interface Running extends AutoCloseable {
        MeterRegistry meters();

        /** The HTTP port, for {@code /actuator/prometheus}. */
        int port();

        @Override
        void close();
    }

    public static Running start(String applicationId, String shopApiUrl, Map<String, String> settings) {
        ServiceInstance service = ServiceInstance.start(applicationId, shopApiUrl, settings);
        return new Running() {
            @Override
            public MeterRegistry meters() {
                return service.bean(MeterRegistry.class);
            }

            @Override
            public int port() {
                return Integer.parseInt(service.bean(org.springframework.core.env.Environment.class)
                        .getProperty("local.server.port"));
            }

            @Override
            public void close() {
                service.close();
            }
        };
    }
}
