package kz.kaspibridge.deploy.live;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's {@code prometheus} as a child process on 127.0.0.1 and a free port, with its data in a temporary
 * directory: it scrapes each job's {@code /actuator/prometheus} every second and loads the given rule files, as
 * the deployed one does with {@code deploy/prometheus/prometheus.yml}.
 */
final class PrometheusServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path home;
    private final Path log;
    private final String url;

    private PrometheusServer(Process process, Path home, String url) {
        this.process = process;
        this.home = home;
        this.log = home.resolve("prometheus.log");
        this.url = url;
    }

    /**
     * @param jobs      job name to the port of the service on 127.0.0.1
     * @param ruleFiles absolute paths or globs of rule files, as {@code rule_files} takes them
     */
    static PrometheusServer start(Path binary, Map<String, Integer> jobs, List<String> ruleFiles) {
        try {
            Path home = Files.createTempDirectory("live-prometheus");
            Path config = Files.writeString(home.resolve("prometheus.yml"), config(jobs, ruleFiles));
            int port = freePort();
            Process process = new ProcessBuilder(binary.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + home.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(home.resolve("prometheus.log").toFile()).start();
            process.getOutputStream().close();
            PrometheusServer server = new PrometheusServer(process, home, "http://127.0.0.1:" + port);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
    }

    /** The configuration: every job scraped each second, rules evaluated each second. */
    static String config(Map<String, Integer> jobs, List<String> ruleFiles) {
        StringBuilder yaml = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                """);
        ruleFiles.forEach(file -> yaml.append("  - '").append(file).append("'\n"));
        yaml.append("scrape_configs:\n");
        jobs.forEach((job, port) -> yaml.append("  - job_name: ").append(job).append('\n')
                .append("    metrics_path: /actuator/prometheus\n")
                .append("    static_configs:\n")
                .append("      - targets: ['127.0.0.1:").append(port).append("']\n"));
        return yaml.toString();
    }

    /** Waits until every target was scraped successfully after {@code since}, so its newest meters are stored. */
    void awaitScrapedAfter(Instant since, Duration wait) {
        await().atMost(wait).pollInterval(Duration.ofMillis(250)).alias("every target up and scraped after " + since)
                .until(() -> {
                    List<String> behind = new ArrayList<>();
                    for (JsonNode target : get("/api/v1/targets?state=active").path("data").path("activeTargets")) {
                        Instant last = Instant.parse(target.path("lastScrape").asString("0001-01-01T00:00:00Z"));
                        if (!target.path("health").asString("").equals("up") || !last.isAfter(since)) {
                            behind.add(target.path("labels").path("job").asString() + " "
                                    + target.path("health").asString() + " " + target.path("lastError").asString());
                        }
                    }
                    return behind.isEmpty();
                });
    }

    /** The jobs Prometheus scrapes, with their health: {@code order-poller=up}. */
    List<String> targets() {
        List<String> targets = new ArrayList<>();
        for (JsonNode target : get("/api/v1/targets?state=active").path("data").path("activeTargets")) {
            targets.add(target.path("labels").path("job").asString() + "=" + target.path("health").asString());
        }
        return targets;
    }

    /** The error Prometheus's query API gives for the expression ({@code bad_data: …}), or empty when it runs. */
    Optional<String> errorOf(String promql) {
        JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (answer.path("status").asString("").equals("success")) {
            return Optional.empty();
        }
        return Optional.of(answer.path("errorType").asString("?") + ": " + answer.path("error").asString("?"));
    }

    /** Every metric name stored so far, from every target (and Prometheus's own series such as {@code up}). */
    Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        get("/api/v1/label/__name__/values").path("data").forEach(name -> names.add(name.asString()));
        return names;
    }

    /** Rules whose last evaluation failed (a many-to-many match, say), as Prometheus reports them. */
    List<QueryCheck.Problem> failingRules() {
        List<QueryCheck.Problem> failing = new ArrayList<>();
        for (JsonNode group : get("/api/v1/rules").path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.path("health").asString("").equals("err")) {
                    failing.add(new QueryCheck.Problem(Path.of(group.path("file").asString()).getFileName().toString(),
                            "group " + group.path("name").asString() + ", " + rule.path("type").asString() + " "
                                    + rule.path("name").asString(),
                            rule.path("query").asString(), "evaluation failed: " + rule.path("lastError").asString()));
                }
            }
        }
        return failing;
    }

    /**
     * Waits until every rule group was evaluated at least once, or at most {@code wait}: a group with an
     * {@code interval} of its own longer than that is left unevaluated rather than making the check slow.
     */
    void awaitRulesEvaluated(Duration wait) {
        try {
            await().atMost(wait).pollInterval(Duration.ofMillis(250)).until(() -> {
                for (JsonNode group : get("/api/v1/rules").path("data").path("groups")) {
                    if (group.path("lastEvaluation").asString("").startsWith("0001-")) {
                        return false;
                    }
                }
                return true;
            });
        } catch (ConditionTimeoutException slowGroup) {
            // its expressions were still checked by the query API
        }
    }

    /** The end of its log, to show why it failed. */
    String logTail() {
        List<String> lines = logLines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private List<String> logLines() {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            return List.of("(no log: " + e + ")");
        }
    }

    /** Prometheus exited or never got ready; {@link #errors()} are its log's error lines (a rule file refused). */
    static final class StartFailed extends IllegalStateException {
        private final List<String> errors;

        StartFailed(String message, List<String> errors, Throwable cause) {
            super(message, cause);
            this.errors = List.copyOf(errors);
        }

        List<String> errors() {
            return errors;
        }
    }

    private void awaitReady() {
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).alias("prometheus ready").until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("prometheus exited with " + process.exitValue());
                }
                try {
                    return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/-/ready"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 200;
                } catch (IOException notListeningYet) {
                    return false;
                }
            });
        } catch (RuntimeException e) {
            List<String> errors = logLines().stream().filter(line -> line.contains("level=error")).toList();
            String tail = logTail();
            close();
            throw new StartFailed("prometheus did not start (" + e.getMessage() + "); its log ends:\n" + tail,
                    errors, e);
        }
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("prometheus did not answer " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops it and deletes its data. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is no failure of the check
        }
    }
}
