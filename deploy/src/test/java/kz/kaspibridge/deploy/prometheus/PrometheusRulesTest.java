package kz.kaspibridge.deploy.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kz.kaspibridge.deploy.Tools;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Prometheus configuration and rules as promtool sees them ({@code check config}, {@code check rules}, and the
 * rule unit tests in {@code deploy/prometheus/tests}), and what promtool cannot check: every alert has a summary, a
 * runbook section that exists, and a unit test in which it fires.
 */
class PrometheusRulesTest {

    private static final Path ROOT = Tools.repository();
    private static final Path PROMETHEUS = ROOT.resolve("deploy/prometheus");
    private static final Path RUNBOOK = ROOT.resolve("docs/runbook.md");

    @Test
    void promtoolAcceptsTheRules() {
        Path promtool = Tools.require("promtool", "prometheus");
        List<String> command = new ArrayList<>(List.of(promtool.toString(), "check", "rules"));
        ruleFiles().forEach(file -> command.add(file.toString()));

        Tools.Run run = Tools.run(ROOT, Duration.ofMinutes(1), command);

        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void everyRuleUnitTestPasses() {
        Path promtool = Tools.require("promtool", "prometheus");
        List<String> command = new ArrayList<>(List.of(promtool.toString(), "test", "rules"));
        testFiles().forEach(file -> command.add(file.toString()));

        Tools.Run run = Tools.run(ROOT, Duration.ofMinutes(2), command);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void promtoolAcceptsTheConfigurationWithEveryRuleFileLoaded() {
        Path promtool = Tools.require("promtool", "prometheus");

        // rule_files is relative (rules/*.yml): the same path in the container and in the repository.
        Tools.Run run = Tools.run(ROOT, Duration.ofMinutes(1),
                List.of(promtool.toString(), "check", "config", PROMETHEUS.resolve("prometheus.yml").toString()));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).as("the rules are loaded").contains(ruleFiles().size() + " rule files found");
    }

    @Test
    void everyAlertHasASummaryAndARunbookSectionThatExists() throws IOException {
        Set<String> anchors = runbookAnchors();
        Map<String, Map<String, Object>> alerts = alerts();
        assertThat(alerts).isNotEmpty();

        List<String> problems = new ArrayList<>();
        alerts.forEach((name, rule) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> annotations = (Map<String, Object>) rule.getOrDefault("annotations", Map.of());
            if (!(annotations.get("summary") instanceof String summary) || summary.isBlank()) {
                problems.add(name + ": no summary");
            }
            String runbook = String.valueOf(annotations.get("runbook_url"));
            String expected = "docs/runbook.md#" + name.toLowerCase(Locale.ROOT);
            if (!runbook.equals(expected)) {
                problems.add(name + ": runbook_url is " + runbook + ", expected " + expected);
            }
            if (!anchors.contains(name.toLowerCase(Locale.ROOT))) {
                problems.add(name + ": docs/runbook.md has no '### " + name + "' section");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> labels = (Map<String, Object>) rule.getOrDefault("labels", Map.of());
            if (!Set.of("page", "ticket").contains(labels.get("severity"))) {
                problems.add(name + ": severity is " + labels.get("severity") + ", expected page or ticket");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyAlertFiresInAUnitTest() {
        Set<String> firing = new TreeSet<>();
        for (Path file : testFiles()) {
            Map<String, Object> document = yaml(file);
            for (Object test : (List<?>) document.get("tests")) {
                Object cases = ((Map<?, ?>) test).get("alert_rule_test");
                if (cases == null) {
                    continue;
                }
                for (Object c : (List<?>) cases) {
                    Map<?, ?> alertCase = (Map<?, ?>) c;
                    Object expected = alertCase.get("exp_alerts");
                    if (expected instanceof List<?> list && !list.isEmpty()) {
                        firing.add(String.valueOf(alertCase.get("alertname")));
                    }
                }
            }
        }

        assertThat(firing).containsAll(alerts().keySet());
    }

    /** The anchors GitHub makes of the runbook's headings: lower case, spaces to hyphens, punctuation dropped. */
    static Set<String> runbookAnchors() throws IOException {
        Set<String> anchors = new TreeSet<>();
        Matcher heading = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$")
                .matcher(Files.readString(RUNBOOK, StandardCharsets.UTF_8));
        while (heading.find()) {
            anchors.add(heading.group(1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
        }
        return anchors;
    }

    /** Every alerting rule by name, from every rule file. */
    static Map<String, Map<String, Object>> alerts() {
        Map<String, Map<String, Object>> alerts = new LinkedHashMap<>();
        for (Path file : ruleFiles()) {
            for (Object group : (List<?>) yaml(file).get("groups")) {
                for (Object r : (List<?>) ((Map<?, ?>) group).get("rules")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> rule = (Map<String, Object>) r;
                    if (rule.get("alert") instanceof String name) {
                        assertThat(alerts.put(name, rule)).as("alert " + name + " is defined once").isNull();
                    }
                }
            }
        }
        return alerts;
    }

    static List<Path> ruleFiles() {
        return yamlFiles(PROMETHEUS.resolve("rules"));
    }

    static List<Path> testFiles() {
        return yamlFiles(PROMETHEUS.resolve("tests"));
    }

    private static List<Path> yamlFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> found = files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
                    .sorted().toList();
            assertThat(found).as("YAML files in " + directory).isNotEmpty();
            return found;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> yaml(Path file) {
        try {
            return new Yaml().load(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
