package kz.kaspibridge.deploy.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Judges the deploy queries against a Prometheus that scrapes the running services: each must be accepted by its
 * query API, and each metric it names must be one the services expose (or one a rule file records). Without the
 * second half a query on a misspelt or never-registered metric would pass, since Prometheus answers it with an
 * empty result, and its alert could never fire.
 */
final class QueryCheck {

    /** Series Prometheus writes itself for alerting rules, which a rule or panel may read. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("ALERTS", "ALERTS_FOR_STATE");

    /** What is wrong with one query, or with a rule as Prometheus evaluates it. */
    record Problem(String file, String where, String expression, String problem) {
        @Override
        public String toString() {
            String expr = expression.isBlank() ? ""
                    : "\n    expr: " + expression.strip().replace("\n", "\n          ");
            return file + " — " + where + expr + "\n    problem: " + problem;
        }
    }

    private QueryCheck() {
    }

    /**
     * @param errorOf the query API: the error Prometheus gives for the PromQL, or empty when it runs
     * @param exposed the metric names the services expose, as Prometheus stored them after scraping
     */
    static List<Problem> problems(DeployQueries deployed, Function<String, Optional<String>> errorOf,
                                  Set<String> exposed) {
        Set<String> known = new TreeSet<>(exposed);
        known.addAll(deployed.recorded());
        known.addAll(PROMETHEUS_OWN);
        List<Problem> problems = new ArrayList<>();
        for (DeployQueries.Query query : deployed.queries()) {
            errorOf.apply(query.promql()).ifPresent(error -> problems.add(problem(query, error)));
            Set<String> unknown = new TreeSet<>(PromqlNames.of(query.promql()));
            unknown.removeAll(known);
            if (!unknown.isEmpty()) {
                problems.add(problem(query, "no service exposes " + String.join(", ", unknown)));
            }
        }
        return problems;
    }

    /** All problems in one message, so that every file can be fixed in one go. */
    static String report(List<Problem> problems) {
        return problems.size() + " problem(s) in the deployed queries:\n"
                + problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }

    private static Problem problem(DeployQueries.Query query, String problem) {
        String sent = query.promql().equals(query.written()) ? "" : " (sent as: " + query.promql().strip() + ")";
        return new Problem(query.file(), query.where(), query.written(), problem + sent);
    }
}
