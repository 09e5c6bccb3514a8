package kz.kaspibridge.deploy.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrafanaVariablesTest {

    private final GrafanaVariables variables = new GrafanaVariables(dashboardVariables());

    @Test
    void intervalsBecomeAMinute() {
        assertThat(variables.substitute("rate(x[$__rate_interval]) + increase(y[${__range}]) / $__interval_ms"))
                .isEqualTo("rate(x[1m]) + increase(y[1m]) / 60000");
    }

    @Test
    void aVariableInAnExactMatcherBecomesARegexMatchingAnything() {
        assertThat(variables.substitute("x{merchant=\"$merchant\", job != \"${job}\"}"))
                .isEqualTo("x{merchant=~\".*\", job !~ \".*\"}");
    }

    @Test
    void aVariableInARegexMatcherBecomesAnything() {
        assertThat(variables.substitute("x{merchant=~\"$merchant\", store!~\"[[store]]-.*\"}"))
                .isEqualTo("x{merchant=~\".*\", store!~\".*-.*\"}");
        assertThat(variables.substitute("x{merchant=~\"${merchant:regex}\"}")).isEqualTo("x{merchant=~\".*\"}");
    }

    @Test
    void aVariableOutsideStringsTakesItsCurrentValueOrAPlaceholder() {
        assertThat(variables.substitute("topk($top, rate(x[$window]))")).isEqualTo("topk(5, rate(x[10m]))");
        assertThat(variables.substitute("rate(x[$unset]) > $unset")).isEqualTo("rate(x[1m]) > 1");
    }

    @Test
    void dollarsThatAreNotTheDashboardsVariablesStay() {
        assertThat(variables.substitute("label_replace(x, \"dst\", \"$1\", \"src\", \"(.*)$\") > $typo"))
                .isEqualTo("label_replace(x, \"dst\", \"$1\", \"src\", \"(.*)$\") > $typo");
    }

    private static Map<String, String> dashboardVariables() {
        Map<String, String> current = new HashMap<>();
        current.put("merchant", "$__all");
        current.put("job", "order-poller");
        current.put("store", null);
        current.put("top", "5");
        current.put("window", "10m");
        current.put("unset", null);
        return current;
    }
}
