package kz.kaspibridge.orderpoller.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import kz.kaspibridge.orderpoller.polling.MerchantId;
import kz.kaspibridge.orderpoller.polling.OrderSourceException;
import org.junit.jupiter.api.Test;

class MicrometerPollerMetricsTest {

    private static final Instant START = Instant.parse("2026-12-06T12:00:00Z");
    private static final MerchantId M1 = new MerchantId("merchant-1");
    private static final MerchantId M2 = new MerchantId("merchant-2");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MicrometerPollerMetrics metrics = new MicrometerPollerMetrics(meters, List.of(M1, M2), START);

    private double lastSuccess(MerchantId merchant) {
        return meters.get("kaspi.poller.last.success").tag("merchant", merchant.value()).gauge().value();
    }

    private double unauthorized(MerchantId merchant) {
        return meters.get("kaspi.poller.errors").tags("merchant", merchant.value(), "type", "unauthorized")
                .counter().count();
    }

    @Test
    void aMerchantNeverPolledSuccessfullyIsStaleFromTheStartNotMissing() {
        assertThat(lastSuccess(M1)).isEqualTo(START.getEpochSecond());
        assertThat(lastSuccess(M2)).isEqualTo(START.getEpochSecond());
        assertThat(unauthorized(M1)).isZero();

        metrics.pollSucceeded(M1, Duration.ofMillis(300), START.plusSeconds(30));
        metrics.kaspiFailed(M2, OrderSourceException.Failure.UNAUTHORIZED);

        assertThat(lastSuccess(M1)).isEqualTo(START.getEpochSecond() + 30);
        assertThat(lastSuccess(M2)).isEqualTo(START.getEpochSecond());
        assertThat(unauthorized(M2)).isEqualTo(1);
    }
}
