package kz.kaspibridge.deploy.live;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every query operators deploy: the {@code expr} of each alerting and recording rule in a directory of Prometheus
 * rule files, and of each Grafana dashboard in a directory of JSON files the {@code expr} of every panel's targets
 * (panels nested in rows too) and the query of every query variable, with Grafana's variables substituted
 * ({@link GrafanaVariables}). Also the names the rule files record, which the queries may use as metrics.
 */
final class DeployQueries {

    /** One query: the file, where in it (rule or panel), the expression as written, the PromQL to send. */
    record Query(String file, String where, String written, String promql) {
    }

    // Grafana's own functions of variable queries, not PromQL: label_values(metric, label) reads the metric.
    private static final Pattern GRAFANA_FUNCTION = Pattern.compile("(?s)\\s*(\\w+)\\s*\\((.*)\\)\\s*");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<Query> queries = new ArrayList<>();
    private final Set<String> recorded = new TreeSet<>();

    private DeployQueries() {
    }

    static DeployQueries read(Path rulesDirectory, Path dashboardsDirectory) {
        DeployQueries read = new DeployQueries();
        for (Path file : files(rulesDirectory, ".yml", ".yaml")) {
            read.rules(file);
        }
        for (Path file : files(dashboardsDirectory, ".json")) {
            read.dashboard(file);
        }
        return read;
    }

    List<Query> queries() {
        return List.copyOf(queries);
    }

    Set<String> recorded() {
        return Set.copyOf(recorded);
    }

    /** The files with one of the endings directly in the directory, by name; none when it does not exist. */
    static List<Path> files(Path directory, String... endings) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> listed = Files.list(directory)) {
            return listed.filter(p -> Stream.of(endings).anyMatch(p.getFileName().toString()::endsWith))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private void rules(Path file) {
        Map<String, Object> document;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (document == null) {
            return;
        }
        for (Map<String, Object> group : (List<Map<String, Object>>) document.getOrDefault("groups", List.of())) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.getOrDefault("rules", List.of())) {
                String expression = String.valueOf(rule.get("expr"));
                String where = "group " + group.get("name") + ", ";
                if (rule.containsKey("record")) {
                    recorded.add(String.valueOf(rule.get("record")));
                    where += "record " + rule.get("record");
                } else {
                    where += "alert " + rule.get("alert");
                }
                queries.add(new Query(file.getFileName().toString(), where, expression, expression));
            }
        }
    }

    private void dashboard(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (RuntimeException e) {
            throw new IllegalStateException(file + " is not JSON: " + e.getMessage(), e);
        }
        // A dashboard exported from Grafana's API is wrapped: {"dashboard": {...}, "meta": {...}}.
        JsonNode dashboard = root.path("dashboard").isObject() ? root.path("dashboard") : root;
        String name = file.getFileName().toString();
        GrafanaVariables variables = new GrafanaVariables(currentValues(dashboard));
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asString("").equals("query")) {
                variableQuery(name, variable, variables);
            }
        }
        panels(name, dashboard.path("panels"), variables);
        for (JsonNode row : dashboard.path("rows")) {  // the schema before Grafana 5
            panels(name, row.path("panels"), variables);
        }
    }

    private void panels(String file, JsonNode panels, GrafanaVariables variables) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expression = target.path("expr").asString("");
                if (!expression.isBlank() && isPrometheus(panel, target)) {
                    String where = "panel \"" + panel.path("title").asString("") + "\" target "
                            + target.path("refId").asString("?");
                    queries.add(new Query(file, where, expression, variables.substitute(expression)));
                }
            }
            panels(file, panel.path("panels"), variables);  // a collapsed row keeps its panels inside
        }
    }

    /** A target of another data source (Loki, say) is not PromQL; without a type it is Prometheus's. */
    private static boolean isPrometheus(JsonNode panel, JsonNode target) {
        String type = target.path("datasource").path("type").asString("");
        if (type.isEmpty()) {
            type = panel.path("datasource").path("type").asString("");
        }
        return type.isEmpty() || type.equals("prometheus");
    }

    private void variableQuery(String file, JsonNode variable, GrafanaVariables variables) {
        JsonNode query = variable.path("query");
        // Newer Grafana keeps the query in an object: {"query": "label_values(...)", "refId": ...}.
        String written = (query.isObject() ? query.path("query") : query).asString("");
        String where = "variable $" + variable.path("name").asString("?");
        Matcher function = GRAFANA_FUNCTION.matcher(written);
        String promql = written;
        if (function.matches()) {
            String arguments = function.group(2);
            switch (function.group(1)) {
                case "label_values" -> {
                    List<String> split = topLevelArguments(arguments);
                    if (split.size() < 2) {
                        return;  // label_values(label): every series' values of a label, no metric named
                    }
                    promql = split.get(0);
                }
                case "query_result" -> promql = arguments;
                case "label_names", "metrics" -> {
                    return;
                }
                default -> promql = written;  // a PromQL function: the whole query is PromQL
            }
        }
        if (!promql.isBlank()) {
            queries.add(new Query(file, where, written, variables.substitute(promql)));
        }
    }

    /** Splits at the commas outside brackets and strings: {@code up{a="1,2"}, job} → [up{a="1,2"}, job]. */
    static List<String> topLevelArguments(String arguments) {
        List<String> split = new ArrayList<>();
        int depth = 0;
        int start = 0;
        int i = 0;
        while (i < arguments.length()) {
            char c = arguments.charAt(i);
            if (PromqlNames.isQuote(c)) {
                i = PromqlNames.afterString(arguments, i);
                continue;
            }
            if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                split.add(arguments.substring(start, i).strip());
                start = i + 1;
            }
            i++;
        }
        split.add(arguments.substring(start).strip());
        return split;
    }

    /** Each variable's current value, the first one of several, or null. */
    private static Map<String, String> currentValues(JsonNode dashboard) {
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode value = variable.path("current").path("value");
            if (value.isArray()) {
                value = value.path(0);
            }
            values.put(variable.path("name").asString(""), value.isValueNode() && !value.isNull() ? value.asString() : null);
        }
        return values;
    }
}
