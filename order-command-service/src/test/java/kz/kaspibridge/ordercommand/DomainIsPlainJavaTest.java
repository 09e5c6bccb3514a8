package kz.kaspibridge.ordercommand;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import kz.kaspibridge.testsupport.JavaSources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The feature packages hold the decisions and import no Spring, Kafka, Avro, contracts, Kaspi client,
 * Micrometer, Reactor or Jackson: adapters depend on them, never the other way.
 */
class DomainIsPlainJavaTest {

    private static final List<String> FORBIDDEN = List.of("org.springframework", "org.apache.kafka",
            "org.apache.avro", "kz.kaspibridge.schemas", "kz.kaspibridge.kaspiclient", "io.micrometer", "reactor.",
            "tools.jackson", "com.fasterxml", "org.slf4j", "kz.kaspibridge.ordercommand.streams",
            "kz.kaspibridge.ordercommand.kaspi", "kz.kaspibridge.ordercommand.config");

    @ParameterizedTest
    @ValueSource(strings = {"orders", "commands", "policy", "stock", "effects"})
    void featurePackagesImportNoFrameworkNorAdapter(String feature) {
        List<String> imports = JavaSources.importsIn(Path.of("src/main/java/kz/kaspibridge/ordercommand", feature));
        assertThat(imports).isNotEmpty();
        assertThat(imports).noneMatch(line -> FORBIDDEN.stream().anyMatch(line::contains));
    }
}
