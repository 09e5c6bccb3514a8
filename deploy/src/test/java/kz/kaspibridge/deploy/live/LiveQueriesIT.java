package kz.kaspibridge.deploy.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import kz.kaspibridge.deploy.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every PromQL expression operators deploy, proven against the running system: each alerting and recording rule
 * of {@code deploy/prometheus/rules/*.yml} and each panel and variable query of
 * {@code deploy/grafana/dashboards/*.json} must run on a real Prometheus (Debian's) that scrapes every service and
 * the sandbox, after a little traffic made the services register their lazily created meters, and every metric it
 * names must be one a service exposes. Otherwise a typo or a renamed meter leaves an alert that can never fire and
 * a panel that stays empty, and promtool, which only parses, says nothing.
 */
@ExtendWith(SharedStack.class)
class LiveQueriesIT {

    private static final Logger log = LoggerFactory.getLogger(LiveQueriesIT.class);
    private static final Path RULES = Tools.repository().resolve(Path.of("deploy", "prometheus", "rules"));
    private static final Path DASHBOARDS = Tools.repository().resolve(Path.of("deploy", "grafana", "dashboards"));

    private static WholeStack stack;
    private static PrometheusServer prometheus;
    /** Why Prometheus would not load the rule files, or empty. */
    private static List<String> rulesRefused = List.of();

    @BeforeAll
    static void start(WholeStack shared) throws Exception {
        Path binary = Tools.require("prometheus", "prometheus");
        stack = shared;
        prometheus = startPrometheus(binary);
        Map<String, Set<String>> atStart = names(scrapes());
        Traffic.everyFlow(stack);
        Instant trafficDone = Instant.now();
        Map<String, String> afterTraffic = scrapes();
        logLazyMeters(atStart, names(afterTraffic));
        keep(afterTraffic);
        prometheus.awaitScrapedAfter(trafficDone, Duration.ofSeconds(30));
        prometheus.awaitRulesEvaluated(Duration.ofSeconds(10));
    }

    /**
     * Prometheus with the repository's rule files; if it refuses them (an expression that does not parse stops its
     * start), without them, so that the refusal is reported with every other problem instead of alone.
     */
    private static PrometheusServer startPrometheus(Path binary) {
        try {
            return PrometheusServer.start(binary, stack.ports(),
                    List.of(RULES.resolve("*.yml").toString(), RULES.resolve("*.yaml").toString()));
        } catch (PrometheusServer.StartFailed e) {
            if (e.errors().stream().noneMatch(line -> line.contains("error loading rules"))) {
                throw e;  // not the rules: a port taken, a binary that does not run
            }
            rulesRefused = e.errors();
            return PrometheusServer.start(binary, stack.ports(), List.of());
        }
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void prometheusScrapesEveryComponentUnderItsName() {
        assertThat(prometheus.targets()).containsExactlyInAnyOrderElementsOf(
                stack.ports().keySet().stream().map(job -> job + "=up").toList());
    }

    @Test
    void theCheckReportsAnExpressionPrometheusRefusesAndMetricsNoServiceExposes() {
        List<QueryCheck.Problem> problems = QueryCheck.problems(Fixtures.queries("broken"), prometheus::errorOf,
                prometheus.metricNames());

        assertThat(problems).extracting(QueryCheck.Problem::where).containsExactly(
                "group broken-example, alert DoesNotParse", "group broken-example, alert NoSuchMetric",
                "variable $merchant", "panel \"Misspelt\" target A");
        assertThat(problems.get(0).problem()).startsWith("bad_data: ").contains("parse error");
    }

    @Test
    void everyRuleAndDashboardQueryRunsOnMetricsTheServicesExpose() {
        DeployQueries deployed = DeployQueries.read(RULES, DASHBOARDS);
        assertThat(DeployQueries.files(RULES, ".yml", ".yaml")).as("rule files in %s", RULES).isNotEmpty();
        assertThat(DeployQueries.files(DASHBOARDS, ".json")).as("dashboards in %s", DASHBOARDS).isNotEmpty();

        List<QueryCheck.Problem> problems = new ArrayList<>();
        if (!rulesRefused.isEmpty()) {
            problems.add(new QueryCheck.Problem(Tools.repository().relativize(RULES).toString(), "loading them", "",
                    "prometheus refused the rule files:\n      " + String.join("\n      ", rulesRefused)));
        }
        problems.addAll(QueryCheck.problems(deployed, prometheus::errorOf, prometheus.metricNames()));
        problems.addAll(prometheus.failingRules());

        log.info("checked {} queries of {} and {}", deployed.queries().size(), RULES, DASHBOARDS);
        if (!problems.isEmpty()) {
            fail(QueryCheck.report(problems));
        }
    }

    /** Each component's own scrape, by name. */
    private static Map<String, String> scrapes() {
        Map<String, String> scrapes = new LinkedHashMap<>();
        for (String name : stack.ports().keySet()) {
            scrapes.put(name, stack.get(name, "/actuator/prometheus").body());
        }
        return scrapes;
    }

    private static Map<String, Set<String>> names(Map<String, String> scrapes) {
        Map<String, Set<String>> names = new LinkedHashMap<>();
        scrapes.forEach((name, text) -> names.put(name, ScrapeText.metricNames(text)));
        return names;
    }

    /** The scrapes after the traffic, in target/live-metrics/: what there is to write a rule or a panel on. */
    private static void keep(Map<String, String> scrapes) throws IOException {
        Path directory = Files.createDirectories(Path.of("target", "live-metrics"));
        for (Map.Entry<String, String> scrape : scrapes.entrySet()) {
            Files.writeString(directory.resolve(scrape.getKey() + ".prom"), scrape.getValue());
        }
        log.info("the services' metrics after the traffic are in {}", directory.toAbsolutePath());
    }

    /**
     * The meters that exist only once something happened: a rule on one of them sees no series until then, so
     * the lead registers those an alert needs at zero. Logged, not asserted.
     */
    private static void logLazyMeters(Map<String, Set<String>> atStart, Map<String, Set<String>> afterTraffic) {
        afterTraffic.forEach((name, names) -> {
            Set<String> ours = new TreeSet<>(names);
            ours.removeIf(metric -> !metric.startsWith("kaspi_"));
            Set<String> lazy = new TreeSet<>(ours);
            lazy.removeAll(atStart.get(name));
            log.info("{} exposes {}; of them registered only during the traffic: {}", name, ours, lazy);
        });
    }
}
