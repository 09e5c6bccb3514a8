package kz.kaspibridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.netty.http.HttpResources;

/**
 * The sandbox runs inside the test JVM of the service under test. When that service (or any other
 * reactive app using Reactor Netty's global resources) stops, it disposes them; the sandbox must
 * keep serving.
 */
class SharedJvmIT {

    @Test
    void theSandboxKeepsServingWhenAnotherReactiveAppInTheJvmReleasesTheGlobalResources() throws Exception {
        try (KaspiSandbox sandbox = KaspiSandbox.start()) {
            assertThat(health(sandbox)).isEqualTo(200);

            // What a stopping Spring Boot reactive app with default settings does.
            HttpResources.disposeLoopsAndConnections();

            assertThat(health(sandbox)).isEqualTo(200);
        }
    }

    private static int health(KaspiSandbox sandbox) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
