package kz.kaspibridge.pricelist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The {@code catalog} package holds the catalog, the offer rules and the build schedule, and imports no Spring,
 * Kafka, Avro, contracts, XML library, Micrometer, Reactor, Jackson or logging: the reader, the writer and the HTTP
 * edge depend on it, never the other way.
 */
class DomainIsPlainJavaTest {

    private static final List<String> FORBIDDEN = List.of("org.springframework", "org.apache.kafka",
            "org.apache.avro", "kz.kaspibridge.schemas", "kz.kaspibridge.kaspiclient", "io.micrometer", "reactor.",
            "tools.jackson", "com.fasterxml", "com.ctc.wstx", "org.codehaus.stax2", "javax.xml", "org.slf4j",
            "kz.kaspibridge.pricelist.feed", "kz.kaspibridge.pricelist.kafka", "kz.kaspibridge.pricelist.http",
            "kz.kaspibridge.pricelist.config");

    @Test
    void theCatalogPackageImportsNoFrameworkNorAdapter() throws IOException {
        Path folder = Path.of("src/main/java/kz/kaspibridge/pricelist/catalog");
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> sources = files.filter(f -> f.toString().endsWith(".java")).toList();
            assertThat(sources).extracting(f -> f.getFileName().toString())
                    .contains("MerchantCatalog.java", "OfferScreen.java", "RebuildSchedule.java");
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
