package kz.kaspibridge.deploy.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromqlNamesTest {

    @Test
    void aBareSelectorIsItsName() {
        assertThat(PromqlNames.of("up")).containsExactly("up");
        assertThat(PromqlNames.of("kaspi_poller_orders_received_total{merchant=\"m1\"}"))
                .containsExactly("kaspi_poller_orders_received_total");
    }

    @Test
    void functionsAggregationsAndTheirLabelListsAreNotNames() {
        assertThat(PromqlNames.of("histogram_quantile(0.99, sum by (le, merchant) "
                + "(rate(kaspi_client_requests_seconds_bucket{outcome!~\"success|x\"}[5m])))"))
                .containsExactly("kaspi_client_requests_seconds_bucket");
        assertThat(PromqlNames.of("sum(rate(a_total[1m])) without(instance, job) / ignoring(code) group_left(merchant)"
                + " sum (b_total)")).containsExactly("a_total", "b_total");
        assertThat(PromqlNames.of("max_over_time(x[10m:30s]) > on (job) bool y")).containsExactly("x", "y");
    }

    @Test
    void keywordsNumbersAndDurationsAreNotNames() {
        assertThat(PromqlNames.of("a offset 5m and b or c unless d > 1e-3 < 0x1F + Inf - NaN atan2 e"))
                .containsExactly("a", "b", "c", "d", "e");
        assertThat(PromqlNames.of("time() - kaspi_poller_last_success_seconds > 1h30m + .5"))
                .containsExactly("kaspi_poller_last_success_seconds");
    }

    @Test
    void stringLiteralsAndLabelValuesAreNotNames() {
        assertThat(PromqlNames.of("label_replace(up{job=~\"order-.*\", a='x}y'}, \"dst\", \"$1\", `src`, \"(.*)\")"))
                .containsExactly("up");
        assertThat(PromqlNames.of("count_values(\"version\", build_info)")).containsExactly("build_info");
    }

    @Test
    void recordingRuleNamesWithColonsAreNames() {
        assertThat(PromqlNames.of("kaspi:orders_received:rate5m > 0")).containsExactly("kaspi:orders_received:rate5m");
    }

    @Test
    void anExactNameMatcherIsAName() {
        assertThat(PromqlNames.of("{__name__=\"kaspi_webhook_received_total\", job=\"webhook-ingress\"}"))
                .containsExactly("kaspi_webhook_received_total");
        assertThat(PromqlNames.of("{__name__=~\"kaspi_.*\"}")).isEmpty();
    }

    @Test
    void commentsAreSkipped() {
        assertThat(PromqlNames.of("a # b is a comment\n + c")).containsExactly("a", "c");
    }
}
