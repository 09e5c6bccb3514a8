package kz.kaspibridge.deploy.resilience;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.faults.FaultRule;
import kz.kaspibridge.sandbox.faults.FaultType;

/**
 * The faults Kaspi's side throws at the services during a run: on every operation of both APIs, about one call in
 * five fails, mixed over every type the sandbox knows. The sandbox tries its rules in order and injects the first
 * that wins its roll, so the overall share is 1 − Π(1 − p) ≈ 19 %.
 */
final class FaultMix {

    private static final Pattern INJECTED = Pattern.compile(
            "^kaspi_sandbox_faults_injected_total\\{([^}]*)} ([0-9.eE+]+)$", Pattern.MULTILINE);
    private static final Pattern TYPE = Pattern.compile("type=\"([A-Z_]+)\"");

    private FaultMix() {
    }

    /** The rules, each on every operation ({@code *}). */
    static List<FaultRule> rules(Duration clientTimeout) {
        return List.of(
                FaultRule.appliedThenError("*", 504).withProbability(0.05),
                FaultRule.rateLimit("*", Duration.ofSeconds(1)).withProbability(0.04),
                FaultRule.serverError("*", 503).withProbability(0.03),
                FaultRule.serverError("*", 500).withProbability(0.02),
                FaultRule.malformedJson("*").withProbability(0.03),
                FaultRule.dropConnection("*").withProbability(0.02),
                // Held longer than the clients wait, so that they give up (and then free the token's slot).
                new FaultRule("*", FaultType.TIMEOUT, 0.02, 0, clientTimeout.plusSeconds(3), null, 0));
    }

    static void inject(KaspiSandbox sandbox, Duration clientTimeout) {
        rules(clientTimeout).forEach(rule -> sandbox.admin().injectFault(rule));
    }

    /** Faults injected so far by type, from the sandbox's own counter {@code kaspi.sandbox.faults.injected}. */
    static Map<String, Long> injected(KaspiSandbox sandbox) {
        Map<String, Long> byType = new TreeMap<>();
        Matcher line = INJECTED.matcher(scrape(sandbox));
        while (line.find()) {
            Matcher type = TYPE.matcher(line.group(1));
            if (type.find()) {
                byType.merge(type.group(1), (long) Double.parseDouble(line.group(2)), Long::sum);
            }
        }
        return byType;
    }

    private static String scrape(KaspiSandbox sandbox) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(sandbox.baseUrl() + "/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException("the sandbox's /actuator/prometheus did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
