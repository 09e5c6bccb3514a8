package kz.kaspibridge.deploy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The services of {@code docker-compose.yml} as compose would run them: image, build arguments, environment (its
 * {@code <<} merges applied, {@code ${VAR:?…}} and {@code ${VAR:-default}} filled from the variables given, as
 * compose fills them from {@code .env}) and the container port each publishes. So a test that runs the images
 * elsewhere runs them with the same settings, and a change to the compose file changes the test with it.
 */
final class ComposeServices {

    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:\\?|:-)([^}]*))?}");

    private final Map<String, Map<String, Object>> services;
    private final Map<String, String> variables;

    private ComposeServices(Map<String, Map<String, Object>> services, Map<String, String> variables) {
        this.services = services;
        this.variables = variables;
    }

    @SuppressWarnings("unchecked")
    static ComposeServices read(Path composeFile, Map<String, String> variables) {
        try {
            Map<String, Object> compose = new Yaml(new LoaderOptions()).load(Files.readString(composeFile));
            return new ComposeServices((Map<String, Map<String, Object>>) compose.get("services"), variables);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + composeFile, e);
        }
    }

    /** The service's image name. */
    String image(String service) {
        return (String) service(service).get("image");
    }

    /** The build arguments of a service built from the repository's Dockerfile (empty for a pulled image). */
    Map<String, String> buildArgs(String service) {
        Object build = service(service).get("build");
        Map<String, String> args = new LinkedHashMap<>();
        if (build instanceof Map<?, ?> map && map.get("args") instanceof Map<?, ?> given) {
            given.forEach((name, value) -> args.put(name.toString(), value.toString()));
        }
        return args;
    }

    /** The Dockerfile a service is built from, relative to the compose file's directory. */
    String dockerfile(String service) {
        return service(service).get("build") instanceof Map<?, ?> build ? (String) build.get("dockerfile") : null;
    }

    /** The environment compose gives the service, variables filled in. */
    Map<String, String> environment(String service) {
        Map<String, String> environment = new LinkedHashMap<>();
        if (service(service).get("environment") instanceof Map<?, ?> given) {
            given.forEach((name, value) -> environment.put(name.toString(), fill(String.valueOf(value))));
        }
        return environment;
    }

    /** The container port of the service's first published port ({@code host:port:containerPort}). */
    int containerPort(String service) {
        List<?> ports = (List<?>) service(service).get("ports");
        String first = ports.get(0).toString();
        return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
    }

    private Map<String, Object> service(String name) {
        Map<String, Object> service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /** Compose's interpolation: {@code ${VAR}}, {@code ${VAR:?message}}, {@code ${VAR:-default}}; {@code $$} is $. */
    String fill(String value) {
        Matcher variable = VARIABLE.matcher(value);
        StringBuilder filled = new StringBuilder();
        while (variable.find()) {
            if (variable.group(1) == null) {
                variable.appendReplacement(filled, Matcher.quoteReplacement("$"));
                continue;
            }
            String name = variable.group(1);
            String given = variables.get(name);
            String replacement;
            if (given != null && !given.isEmpty()) {
                replacement = given;
            } else if (":-".equals(variable.group(2))) {
                replacement = variable.group(3);
            } else if (":?".equals(variable.group(2))) {
                throw new IllegalStateException(name + " is required: " + variable.group(3));
            } else {
                replacement = "";
            }
            variable.appendReplacement(filled, Matcher.quoteReplacement(replacement));
        }
        variable.appendTail(filled);
        return filled.toString();
    }
}
