package kz.kaspibridge.deploy.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

class DeployQueriesTest {

    private final DeployQueries examples = Fixtures.queries("examples");

    @Test
    void everyRuleIsCheckedAsWrittenAndRecordedNamesAreKnown() {
        assertThat(examples.queries()).filteredOn(q -> q.file().equals("kaspi-example.yml"))
                .extracting(DeployQueries.Query::where, DeployQueries.Query::promql)
                .containsExactly(
                        tuple("group kaspi-example, record kaspi:poller_orders_received:rate5m",
                                "sum by (merchant) (rate(kaspi_poller_orders_received_total[5m]))"),
                        tuple("group kaspi-example, alert KaspiTargetDown", "up{job=~\"order-poller|"
                                + "order-command-service|delivery-gateway|webhook-ingress|pricelist-publisher\"} == 0"),
                        tuple("group kaspi-example, alert KaspiNoOrdersReceived",
                                "sum(kaspi:poller_orders_received:rate5m) == 0"));
        assertThat(examples.recorded()).containsExactly("kaspi:poller_orders_received:rate5m");
    }

    @Test
    void panelsInCollapsedRowsAndVariableQueriesAreFoundWithTheirVariablesSubstitutedAndLokisLeftOut() {
        assertThat(examples.queries()).filteredOn(q -> q.file().equals("kaspi-example.json"))
                .extracting(DeployQueries.Query::where, DeployQueries.Query::promql)
                .containsExactly(
                        // label_values(metric, label) is Grafana's: the metric is what Prometheus is asked about
                        tuple("variable $merchant", "kaspi_poller_orders_received_total"),
                        tuple("panel \"Orders received\" target A", "sum by (merchant) "
                                + "(rate(kaspi_poller_orders_received_total{merchant=~\".*\"}[1m]))"),
                        tuple("panel \"Up\" target A", "up{job=~\".*\"}"),
                        tuple("panel \"Up\" target B", "avg_over_time(up[5m])"));
    }

    @Test
    void argumentsAreSplitOnlyAtTopLevelCommas() {
        assertThat(DeployQueries.topLevelArguments("up{a=\"1,2\", b=~\"x\"}, job"))
                .containsExactly("up{a=\"1,2\", b=~\"x\"}", "job");
        assertThat(DeployQueries.topLevelArguments("merchant")).containsExactly("merchant");
    }
}
