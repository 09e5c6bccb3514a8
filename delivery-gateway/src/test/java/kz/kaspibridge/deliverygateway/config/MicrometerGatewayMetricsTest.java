package kz.kaspibridge.deliverygateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import kz.kaspibridge.deliverygateway.deliveries.DeliveryStatus;
import kz.kaspibridge.testsupport.HandClock;
import org.junit.jupiter.api.Test;

class MicrometerGatewayMetricsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private final HandClock clock = new HandClock(NOW);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MicrometerGatewayMetrics metrics = new MicrometerGatewayMetrics(meters, clock,
            Duration.ofMinutes(10));

    private double oldestAge(DeliveryStatus status) {
        return meters.get("kaspi.delivery.status.oldest.age").tag("status", status.name()).gauge().value();
    }

    private double held(DeliveryStatus status) {
        return meters.get("kaspi.delivery.deliveries").tag("status", status.name()).gauge().value();
    }

    @Test
    void theOldestAgeIsTheLongestTimeAnyTaskHasHadADeliveryInThatStatus() {
        metrics.deliveries("0_0", Map.of(DeliveryStatus.IN_TRANSIT, 2L),
                Map.of(DeliveryStatus.IN_TRANSIT, NOW.minus(Duration.ofHours(3))));
        metrics.deliveries("0_1", Map.of(DeliveryStatus.IN_TRANSIT, 1L, DeliveryStatus.CREATED, 1L),
                Map.of(DeliveryStatus.IN_TRANSIT, NOW.minus(Duration.ofHours(5)),
                        DeliveryStatus.CREATED, NOW.minus(Duration.ofMinutes(1))));
        clock.advance(Duration.ofMinutes(1));

        assertThat(oldestAge(DeliveryStatus.IN_TRANSIT)).isEqualTo(Duration.ofHours(5).plusMinutes(1).toSeconds());
        assertThat(oldestAge(DeliveryStatus.CREATED)).isEqualTo(120);
        assertThat(oldestAge(DeliveryStatus.ACCEPTED)).isZero();
        assertThat(held(DeliveryStatus.IN_TRANSIT)).isEqualTo(3);
        assertThat(meters.get("kaspi.delivery.reconciliation").tag("outcome", "fixed").counter().count())
                .as("there before the first fix").isZero();
    }

    @Test
    void finalStatusesHaveNoAgeAndATaskNotRefreshedIsLeftOut() {
        assertThat(meters.find("kaspi.delivery.status.oldest.age").tag("status", "DELIVERED").gauge()).isNull();
        assertThat(meters.find("kaspi.delivery.status.oldest.age").tag("status", "CANCELLED").gauge()).isNull();

        metrics.deliveries("0_0", Map.of(DeliveryStatus.ACCEPTED, 1L),
                Map.of(DeliveryStatus.ACCEPTED, NOW.minus(Duration.ofHours(1))));
        clock.advance(Duration.ofMinutes(11)); // the task moved to another instance: its figures are not ours

        assertThat(oldestAge(DeliveryStatus.ACCEPTED)).isZero();
        assertThat(held(DeliveryStatus.ACCEPTED)).isZero();
    }
}
