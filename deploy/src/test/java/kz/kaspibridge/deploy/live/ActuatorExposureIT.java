package kz.kaspibridge.deploy.live;

import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the actuator shows on each running component: the Kubernetes probes and the Prometheus scrape, and nothing
 * else (no index of endpoints, no environment, beans or configuration properties, which can carry settings an
 * attacker should not read). Checked on the running stack rather than in each module, so that a service whose
 * {@code management:} block drifts is caught together with the rest.
 */
@ExtendWith(SharedStack.class)
class ActuatorExposureIT {

    private static final List<String> OPEN = List.of("/actuator/health/liveness", "/actuator/health/readiness",
            "/actuator/prometheus");
    private static final List<String> CLOSED = List.of("/actuator", "/actuator/info", "/actuator/metrics",
            "/actuator/env", "/actuator/beans", "/actuator/configprops");

    private static WholeStack stack;

    @BeforeAll
    static void start(WholeStack shared) {
        stack = shared;
    }

    @Test
    void everyComponentServesItsProbesAndItsMetrics() {
        SoftAssertions softly = new SoftAssertions();
        for (String name : stack.ports().keySet()) {
            for (String path : OPEN) {
                softly.assertThat(stack.get(name, path).statusCode()).as("%s %s", name, path).isEqualTo(200);
            }
        }
        softly.assertAll();
    }

    @Test
    void noOtherActuatorEndpointIsOpen() {
        SoftAssertions softly = new SoftAssertions();
        for (String name : stack.ports().keySet()) {
            for (String path : CLOSED) {
                softly.assertThat(stack.get(name, path).statusCode()).as("%s %s", name, path).isEqualTo(404);
            }
        }
        softly.assertAll();
    }
}
