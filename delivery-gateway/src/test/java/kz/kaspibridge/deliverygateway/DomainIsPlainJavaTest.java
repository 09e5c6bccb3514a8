package kz.kaspibridge.deliverygateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
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
    void theDeliveriesPackageImportsNoFrameworkNorAdapter() throws IOException {
        Path folder = Path.of("src/main/java/kz/kaspibridge/deliverygateway/deliveries");
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> sources = files.filter(f -> f.toString().endsWith(".java")).toList();
            assertThat(sources).extracting(f -> f.getFileName().toString())
                    .contains("TrackedDelivery.java", "StatusRule.java");
            List<String> lines = sources.stream().flatMap(DomainIsPlainJavaTest::lines).toList();
            List<String> imports = lines.stream().filter(line -> line.startsWith("import ")).toList();
            assertThat(imports).isNotEmpty();
            assertThat(imports).noneMatch(line -> FORBIDDEN.stream().anyMatch(line::contains));
            // Nor by full name in the code, past the imports.
            assertThat(lines).noneMatch(line -> !line.startsWith("import ")
                    && FORBIDDEN.stream().anyMatch(name -> line.contains(name + ".")));
        }
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
