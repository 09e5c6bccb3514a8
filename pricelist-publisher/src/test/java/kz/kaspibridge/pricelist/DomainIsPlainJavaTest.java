package kz.kaspibridge.pricelist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import kz.kaspibridge.testsupport.JavaSources;
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
    void theCatalogPackageImportsNoFrameworkNorAdapter() {
        Path folder = Path.of("src/main/java/kz/kaspibridge/pricelist/catalog");
        assertThat(JavaSources.in(folder)).extracting(f -> f.getFileName().toString())
                .contains("MerchantCatalog.java", "OfferScreen.java", "RebuildSchedule.java");
        List<String> imports = JavaSources.importsIn(folder);
        assertThat(imports).isNotEmpty();
        assertThat(imports).noneMatch(line -> FORBIDDEN.stream().anyMatch(line::contains));
        // Nor by full name in the code, past the imports.
        assertThat(JavaSources.in(folder)).flatMap(JavaSources::lines)
                .noneMatch(line -> !line.startsWith("import ") && FORBIDDEN.stream().anyMatch(name -> line.contains(name + ".")));
    }
}
