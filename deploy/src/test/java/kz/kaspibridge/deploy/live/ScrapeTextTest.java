package kz.kaspibridge.deploy.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScrapeTextTest {

    @Test
    void everySampleLineNamesItsMetricAndCommentsNameNone() {
        assertThat(ScrapeText.metricNames("""
                # HELP kaspi_poller_orders_received_total Orders received
                # TYPE kaspi_poller_orders_received_total counter
                kaspi_poller_orders_received_total{merchant="m1"} 3.0
                kaspi_poller_orders_received_total{merchant="m2"} 1.0

                process_uptime_seconds 12.5
                """)).containsExactly("kaspi_poller_orders_received_total", "process_uptime_seconds");
    }
}
