package kz.kaspibridge.sandbox;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The sandbox as a standalone app: {@code java -jar kaspi-sandbox/target/kaspi-sandbox-*-exec.jar}.
 * Tests start it in-process with {@link KaspiSandbox#start}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class KaspiSandboxApplication {

    /** Its own config name, so that a host module's application.yml never leaks in, nor ours out. */
    static final String CONFIG_NAME = "kaspi-sandbox";

    public static void main(String[] args) {
        new SpringApplicationBuilder(KaspiSandboxApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .run(args);
    }
}
