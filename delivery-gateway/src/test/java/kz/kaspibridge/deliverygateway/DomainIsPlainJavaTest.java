package kz.kaspibridge.deliverygateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import kz.kaspibridge.testsupport.JavaSources;
import org.junit.jupiter.api.Test;

/**
 * The {@code deliveries} package holds the lifecycle rules and imports no Spring, Kafka, Avro, contracts, Kaspi
 * client, Micrometer, Reactor, Jackson or logging: the Streams processor and the executor depend on it, never the
 * other way.
 */
class DomainIsPlainJavaTest {

    private static final List<String> FORBIDDEN = List.of("org.springframework", "org.apache.kafka",
            "org.apache.avro", "kz.kaspibridge.schemas", "kz.kaspibridge.kaspiclient", "io.micrometer", "reactor.",
            "tools.jackson", "com.fasterxml", "org.slf4j", "kz.kaspibridge.deliverygateway.streams",
            "kz.kaspibridge.deliverygateway.kaspi", "kz.kaspibridge.deliverygateway.config");

    @Test
    void theDeliveriesPackageImportsNoFrameworkNorAdapter() {
        Path folder = Path.of("src/main/java/kz/kaspibridge/deliverygateway/deliveries");
        assertThat(JavaSources.in(folder)).extracting(f -> f.getFileName().toString())
                .contains("TrackedDelivery.java", "StatusRule.java");
        List<String> imports = JavaSources.importsIn(folder);
        assertThat(imports).isNotEmpty();
        assertThat(imports).noneMatch(line -> FORBIDDEN.stream().anyMatch(line::contains));
        // Nor by full name in the code, past the imports.
        assertThat(JavaSources.in(folder)).flatMap(JavaSources::lines)
                .noneMatch(line -> !line.startsWith("import ") && FORBIDDEN.stream().anyMatch(name -> line.contains(name + ".")));
    }
}
