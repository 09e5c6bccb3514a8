package kz.kaspibridge.ordercommand.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kz.kaspibridge.ordercommand.streams.Effect;
import kz.kaspibridge.testsupport.HandClock;
import org.junit.jupiter.api.Test;

/** The service's own meters: the series alerts and dashboards read exist from the start, with the tags they filter on. */
class MetersTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EffectsConfiguration.MicrometerEffectMetrics metrics =
            new EffectsConfiguration.MicrometerEffectMetrics(meters, new HandClock(NOW));

    private static Effect accept(String origin, Duration sinceReceived) {
        return new Effect("c-1", "100", "id-100", "merchant-1", "ACCEPT", origin, null, null, null, null, false,
                NOW.minus(sinceReceived).toEpochMilli(), NOW.toEpochMilli(), "corr", "cause", null);
    }

    private double maxSeconds(String name, String origin) {
        return meters.get(name).tag("origin", origin).timer().max(TimeUnit.SECONDS);
    }

    @Test
    void aManualMerchantsOverdueSeriesExistAtZeroBeforeTheFirstLateOrder() {
        SimpleMeterRegistry commandMeters = new SimpleMeterRegistry();
        MicrometerCommandMetrics commands = new MicrometerCommandMetrics(commandMeters, List.of("m-1", "m-3"),
                List.of("m-3"));

        assertThat(commandMeters.get("kaspi.commands.manual.overdue.waiting").tag("merchant", "m-3").gauge().value())
                .isZero();
        assertThat(commandMeters.get("kaspi.commands.manual.overdue").tag("merchant", "m-3").counter().count())
                .isZero();
        assertThat(commandMeters.find("kaspi.commands.manual.overdue.waiting").tag("merchant", "m-1").gauge())
                .as("not a MANUAL merchant").isNull();
        assertThat(commandMeters.get("kaspi.commands.commands").tags("type", "ACCEPT", "outcome", "REJECTED")
                .counter().count()).isZero();
        assertThat(commandMeters.get("kaspi.commands.delivery.cancels").tag("merchant", "m-1").counter().count())
                .isZero();
        commands.overdueWaiting("0_1", Map.of("m-3", 2));
        assertThat(commandMeters.get("kaspi.commands.manual.overdue.waiting").tag("merchant", "m-3").gauge().value())
                .isEqualTo(2);
    }

    @Test
    void latenciesAreKeptApartByOriginSoTheObjectiveReadsOnlyThePolicysOwnDecisions() {
        assertThat(meters.find("kaspi.commands.accepted.latency").timers()).as("both series from the start")
                .hasSize(2);

        metrics.callStarted(accept("POLICY", Duration.ofSeconds(2)));
        metrics.accepted(accept("POLICY", Duration.ofSeconds(3)));
        metrics.accepted(accept("COMMAND", Duration.ofHours(2))); // a person answered two hours later

        assertThat(maxSeconds("kaspi.commands.accept.call.latency", "policy")).isEqualTo(2);
        assertThat(maxSeconds("kaspi.commands.accepted.latency", "policy")).isEqualTo(3);
        assertThat(maxSeconds("kaspi.commands.accepted.latency", "command")).isEqualTo(7200);
        assertThat(meters.get("kaspi.commands.accept.call.latency").tag("origin", "command").timer().count())
                .isZero();
    }
}
