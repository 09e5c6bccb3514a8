package kz.kaspibridge.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import kz.kaspibridge.deploy.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml, deploy/docker/Dockerfile and deploy/prometheus/prometheus.yml agree with each other and with
 * the reactor: every service module runs, is healthy-checked and scraped where it listens. No Docker engine is
 * needed: {@code docker-compose config} validates and normalises the file (anchors merged, variables interpolated),
 * and the checks read that normalised form.
 */
class ComposeFileTest {

    private static final Path ROOT = Tools.repository();
    private static final Path COMPOSE_FILE = ROOT.resolve("docker-compose.yml");
    private static final Path EXAMPLE_ENV = ROOT.resolve("deploy/compose.env.example");
    private static final Path PROMETHEUS = ROOT.resolve("deploy/prometheus/prometheus.yml");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** A required variable: {@code ${NAME:?message}}. */
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{(\\w+):\\?([^}]*)}");
    /** A default in application.yml: {@code ${SERVER_PORT:18084}}. */
    private static final Pattern PLACEHOLDER_DEFAULT = Pattern.compile("\\$\\{[^:}]+:(\\d+)}");
    /** An environment variable a Spring configuration file reads, and its default: {@code ${NAME:default}}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

    private static Map<String, Map<String, Object>> services;

    @Test
    void composeFileIsValidWithTheExampleSecrets() {
        Tools.Run run = compose(EXAMPLE_ENV, "config", "-q");

        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void composeRefusesToRunWithoutASecretAndNamesIt(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.env"), "");

        Tools.Run run = compose(empty, "config", "-q");

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output().strip()).as("the last line names the missing variable")
                .matches("(?s).*: set (" + String.join("|", exampleVariables()) + ") in \\.env$");
    }

    /** Each secret is required (never silently empty), says its own name when missing, and has an example value. */
    @Test
    void everyRequiredVariableIsInTheExampleAndNamesItself() {
        Map<String, String> required = new TreeMap<>();
        Matcher matcher = REQUIRED.matcher(read(COMPOSE_FILE));
        while (matcher.find()) {
            required.put(matcher.group(1), matcher.group(2));
        }

        assertThat(required).isNotEmpty();
        required.forEach((name, message) -> assertThat(message).as(name).isEqualTo("set " + name + " in .env"));
        assertThat(required.keySet()).isEqualTo(exampleVariables());
        required.keySet().forEach(name -> assertThat(read(COMPOSE_FILE))
                .as(name + " is used only as ${" + name + ":?...}")
                .doesNotContainPattern("\\$\\{" + name + "(?!:\\?)")
                .doesNotContainPattern("\\$" + name + "\\b"));
    }

    @Test
    void everyServiceHasAnImageOrABuild() {
        services().forEach((name, service) ->
                assertThat(service.containsKey("image") || service.containsKey("build")).as(name).isTrue());
    }

    /**
     * A service is checked by its own healthcheck, or by its Dockerfile's HEALTHCHECK (checked below). Only a job
     * may have none: it runs once, is never restarted, and nothing waits for it to be healthy.
     */
    @Test
    void everyServiceHasAHealthCheckOrIsAJob() {
        services().forEach((name, service) -> {
            if (isJob(service)) {
                assertThat(dependents(name)).as("services waiting for the job " + name).isEmpty();
            } else {
                assertThat(service.containsKey("healthcheck") || imageChecksItsHealth(service))
                        .as(name + " has a healthcheck").isTrue();
                assertThat(service.get("healthcheck")).as(name + " healthcheck").isNotEqualTo(disabledHealthCheck());
            }
        });
    }

    @Test
    void everyServiceModuleIsAServiceBuiltFromItsJarWithItsEnvironment() {
        Map<String, Integer> modules = serviceModules();

        assertThat(modules).as("service modules in the root pom").hasSizeGreaterThanOrEqualTo(6);
        modules.forEach((module, port) -> {
            Map<String, Object> service = services().get(module);
            assertThat(service).as("compose service " + module).isNotNull();
            assertThat(service.containsKey("environment") || service.containsKey("env_file"))
                    .as(module + " has an environment").isTrue();
            assertThat(map(map(service.get("build")).get("args")))
                    .as(module + " build args").containsEntry("MODULE", module).containsEntry("PORT", port.toString());
            assertThat(containerPorts(service)).as(module + " listens on its default server.port").contains(port);
        });
    }

    /**
     * In a container 127.0.0.1 is the container itself: every setting whose default points there (the broker, the
     * registry) must be given, and so must everything the local profile reads (the sandbox's URLs and the
     * credentials it was given), or a service would quietly use the sandbox's built-in demo tokens.
     */
    @Test
    void everyLocalAddressAndLocalProfileSettingIsGivenToTheContainer() {
        serviceModules().keySet().forEach(module -> {
            Map<String, Object> environment = map(services().get(module).getOrDefault("environment", Map.of()));
            Path resources = ROOT.resolve(module).resolve("src/main/resources");
            Set<String> needed = new TreeSet<>(placeholders(resources.resolve("application.yml"), true));
            String profiles = String.valueOf(environment.getOrDefault("SPRING_PROFILES_ACTIVE", ""));
            if (List.of(profiles.split(",")).contains("local")) {
                needed.addAll(placeholders(resources.resolve("application-local.yml"), false));
            }

            assertThat(environment.keySet()).as(module + " environment").containsAll(needed);
            environment.forEach((name, value) -> assertThat(String.valueOf(value)).as(module + " " + name)
                    .doesNotContain("127.0.0.1", "localhost"));
        });
    }

    @Test
    void hostPortsAreUnique() {
        Map<Integer, String> owners = new TreeMap<>();
        services().forEach((name, service) -> hostPorts(service).forEach(port -> {
            String other = owners.put(port, name);
            assertThat(other).as("host port " + port + " of " + name).isNull();
        }));

        assertThat(owners).isNotEmpty();
    }

    /** Same job names as services, so that the alert rules' job="order-poller" selects the service. */
    @Test
    void prometheusScrapesEveryServiceModuleWhereItListens() {
        Map<String, Object> config = map(new Yaml().load(read(PROMETHEUS)));
        Set<String> scraped = new LinkedHashSet<>();

        assertThat(list(config.get("rule_files"))).isNotEmpty();
        for (Object scrape : list(config.get("scrape_configs"))) {
            Map<String, Object> job = map(scrape);
            String jobName = (String) job.get("job_name");
            assertThat(job.get("metrics_path")).as(jobName).isEqualTo("/actuator/prometheus");
            for (Object staticConfig : list(job.get("static_configs"))) {
                for (Object target : list(map(staticConfig).get("targets"))) {
                    String[] hostAndPort = ((String) target).split(":");
                    Map<String, Object> service = services().get(hostAndPort[0]);
                    assertThat(service).as("compose service of target " + target).isNotNull();
                    assertThat(containerPorts(service)).as(target + " is a port it listens on")
                            .contains(Integer.valueOf(hostAndPort[1]));
                    assertThat(jobName).as("job of " + target).isEqualTo(hostAndPort[0]);
                    scraped.add(hostAndPort[0]);
                }
            }
        }
        assertThat(scraped).containsAll(serviceModules().keySet());
    }

    @Test
    void imagesRunTheTemurinJreAsAnUnprivilegedUserAndCheckReadiness() {
        Set<Path> dockerfiles = services().values().stream()
                .filter(service -> service.containsKey("build"))
                .map(ComposeFileTest::dockerfile)
                .collect(Collectors.toCollection(LinkedHashSet::new));

        assertThat(dockerfiles).isNotEmpty();
        dockerfiles.forEach(dockerfile -> {
            List<String> stage = finalStage(dockerfile);
            assertThat(stage.get(0)).as(dockerfile + " base").matches("FROM\\s+eclipse-temurin:17-jre\\b.*");
            List<String> users = instructions(stage, "USER");
            assertThat(users).as(dockerfile + " USER").isNotEmpty();
            assertThat(users.get(users.size() - 1).split("\\s+")[1].split(":")[0])
                    .as(dockerfile + " runs as").isNotIn("root", "0");
            assertThat(instructions(stage, "HEALTHCHECK")).as(dockerfile + " HEALTHCHECK")
                    .anyMatch(line -> line.contains("/actuator/health/readiness"));
            assertThat(instructions(stage, "EXPOSE")).as(dockerfile + " EXPOSE").isNotEmpty();
        });
    }

    /** Every SPRING_APPLICATION_JSON is JSON once interpolated: a typo would only show when the container starts. */
    @Test
    void inlineSpringSettingsAreJson() {
        services().forEach((name, service) -> {
            Object json = map(service.getOrDefault("environment", Map.of())).get("SPRING_APPLICATION_JSON");
            if (json != null) {
                assertThat(new Yaml().<Object>load((String) json)).as(name + " SPRING_APPLICATION_JSON")
                        .isInstanceOf(Map.class);
            }
        });
    }

    // --- docker-compose ---

    /** The environment is emptied, so that nothing but the given file (not a developer's .env) supplies values. */
    private static Tools.Run compose(Path envFile, String... arguments) {
        Path docker = Tools.require("docker-compose", "docker-compose");
        List<String> command = new ArrayList<>(List.of("env", "-i", "PATH=" + System.getenv("PATH"),
                docker.toString(), "--env-file", envFile.toString(), "-f", COMPOSE_FILE.toString()));
        command.addAll(List.of(arguments));
        return Tools.run(ROOT, TIMEOUT, command);
    }

    private static synchronized Map<String, Map<String, Object>> services() {
        if (services == null) {
            Tools.Run run = compose(EXAMPLE_ENV, "config");
            assertThat(run.exitCode()).as(run.output()).isZero();
            Map<String, Map<String, Object>> parsed = new TreeMap<>();
            map(map(new Yaml().load(run.output())).get("services"))
                    .forEach((name, service) -> parsed.put(name, map(service)));
            services = parsed;
        }
        return services;
    }

    private static boolean isJob(Map<String, Object> service) {
        return "no".equals(service.get("restart")) && disabledHealthCheck().equals(service.get("healthcheck"));
    }

    private static Map<String, Object> disabledHealthCheck() {
        return Map.of("test", List.of("NONE"));
    }

    private static List<String> dependents(String name) {
        return services().entrySet().stream()
                .filter(entry -> map(entry.getValue().getOrDefault("depends_on", Map.of())).containsKey(name))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static boolean imageChecksItsHealth(Map<String, Object> service) {
        return service.containsKey("build") && instructions(finalStage(dockerfile(service)), "HEALTHCHECK").size() > 0;
    }

    private static Path dockerfile(Map<String, Object> service) {
        Map<String, Object> build = map(service.get("build"));
        return Path.of((String) build.get("context")).resolve((String) build.getOrDefault("dockerfile", "Dockerfile"));
    }

    /** "[IP:]HOST:CONTAINER[/PROTO]" as docker-compose config writes ports. */
    private static List<String[]> ports(Map<String, Object> service) {
        return list(service.getOrDefault("ports", List.of())).stream()
                .map(port -> ((String) port).replaceAll("/\\w+$", "").split(":"))
                .toList();
    }

    private static List<Integer> hostPorts(Map<String, Object> service) {
        return ports(service).stream().filter(parts -> parts.length >= 2)
                .map(parts -> Integer.valueOf(parts[parts.length - 2])).toList();
    }

    private static List<Integer> containerPorts(Map<String, Object> service) {
        return ports(service).stream().map(parts -> Integer.valueOf(parts[parts.length - 1])).toList();
    }

    // --- the reactor ---

    /**
     * The root pom's modules that are services (a Spring Boot configuration of their own), each with its default
     * server.port.
     */
    private static Map<String, Integer> serviceModules() {
        Map<String, Integer> modules = new LinkedHashMap<>();
        for (String module : reactorModules()) {
            Path resources = ROOT.resolve(module).resolve("src/main/resources");
            for (String config : List.of("application.yml", "kaspi-sandbox.yml")) {
                if (Files.exists(resources.resolve(config))) {
                    modules.put(module, defaultServerPort(resources.resolve(config)));
                }
            }
        }
        return modules;
    }

    private static List<String> reactorModules() {
        try {
            NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(ROOT.resolve("pom.xml").toFile()).getElementsByTagName("module");
            List<String> modules = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                modules.add(nodes.item(i).getTextContent().strip());
            }
            return modules;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the root pom's modules", e);
        }
    }

    /** The variables a Spring configuration file reads ({@code ${NAME:default}}); optionally only local ones. */
    private static Set<String> placeholders(Path config, boolean onlyLocalDefaults) {
        Set<String> names = new TreeSet<>();
        if (Files.exists(config)) {
            Matcher matcher = PLACEHOLDER.matcher(read(config));
            while (matcher.find()) {
                String fallback = matcher.group(2) == null ? "" : matcher.group(2);
                if (!onlyLocalDefaults || fallback.contains("127.0.0.1") || fallback.contains("localhost")) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }

    private static int defaultServerPort(Path config) {
        Object port = map(map(new Yaml().load(read(config))).get("server")).get("port");
        if (port instanceof Integer number) {
            return number;
        }
        Matcher placeholder = PLACEHOLDER_DEFAULT.matcher(String.valueOf(port));
        assertThat(placeholder.matches()).as("server.port of " + config + ": " + port).isTrue();
        return Integer.parseInt(placeholder.group(1));
    }

    // --- files ---

    /** The variables deploy/compose.env.example sets. */
    private static Set<String> exampleVariables() {
        return read(EXAMPLE_ENV).lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.substring(0, line.indexOf('=')))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The instructions after the last FROM, continuation lines joined and comments left out. */
    private static List<String> finalStage(Path dockerfile) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : read(dockerfile).lines().map(String::strip).toList()) {
            if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
                continue;
            }
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continues) {
                instructions.add(current.toString().strip());
                current.setLength(0);
            }
        }
        int from = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).toUpperCase().startsWith("FROM ")) {
                from = i;
            }
        }
        return instructions.subList(from, instructions.size());
    }

    private static List<String> instructions(List<String> stage, String keyword) {
        return stage.stream().filter(line -> line.toUpperCase().startsWith(keyword + " ")).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }
}
