package kz.kaspibridge.deploy.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The check can fail, and says where: a fixture with one expression that does not parse and metrics no service
 * exposes, judged with a stand-in for Prometheus's query API (LiveQueriesIT proves the same fixture against the
 * real one).
 */
class QueryCheckTest {

    private static final String UNPARSABLE = "sum(rate(up[5m]) > 0";

    @Test
    void everyUnparsableQueryAndEveryUnknownMetricIsReportedWithItsFileAndPlace() {
        List<QueryCheck.Problem> problems = QueryCheck.problems(Fixtures.queries("broken"),
                promql -> promql.equals(UNPARSABLE)
                        ? Optional.of("bad_data: 1:22: parse error: unclosed left parenthesis")
                        : Optional.empty(),
                Set.of("up", "kaspi_poller_orders_received_total"));

        assertThat(problems).extracting(QueryCheck.Problem::file, QueryCheck.Problem::where)
                .containsExactly(
                        tuple("broken.yml", "group broken-example, alert DoesNotParse"),
                        tuple("broken.yml", "group broken-example, alert NoSuchMetric"),
                        tuple("broken.json", "variable $merchant"),
                        tuple("broken.json", "panel \"Misspelt\" target A"));
        assertThat(problems.get(0).problem()).startsWith("bad_data: 1:22: parse error");
        assertThat(problems.get(1).problem()).isEqualTo("no service exposes kaspi_no_such_metric_total");
        assertThat(problems.get(3).problem()).startsWith("no service exposes kaspi_no_such_counter_total (sent as: "
                + "rate(kaspi_no_such_counter_total{merchant=~\".*\"}[1m]))");
    }

    @Test
    void theReportNamesEveryProblemInOneMessage() {
        String report = QueryCheck.report(List.of(
                new QueryCheck.Problem("a.yml", "group g, alert A", "x > 0", "no service exposes x"),
                new QueryCheck.Problem("b.json", "panel \"P\" target A", "sum(", "bad_data: parse error")));

        assertThat(report).isEqualTo("""
                2 problem(s) in the deployed queries:
                a.yml — group g, alert A
                    expr: x > 0
                    problem: no service exposes x
                b.json — panel "P" target A
                    expr: sum(
                    problem: bad_data: parse error""");
    }
}
