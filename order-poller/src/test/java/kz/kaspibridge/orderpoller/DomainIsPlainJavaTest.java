package kz.kaspibridge.orderpoller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kz.kaspibridge.testsupport.JavaSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The feature packages hold the poller's logic and import no Spring, Kafka, Avro, contracts, Kaspi
 * client, Micrometer, Reactor or Jackson: adapters (kaspi, publishing, config) depend on them, never
 * the other way. The one exception is an adapter that belongs to a feature and says so by its name
 * ({@code Kafka*}, as {@code merchants/KafkaMerchantAssignment}): it may use Kafka, nothing else.
 * And no two packages depend on each other, directly or around a loop. (ArchUnit would say it more
 * formally; reading the imports is enough here.)
 */
class DomainIsPlainJavaTest {

    private static final Path MAIN = Path.of("src/main/java/kz/kaspibridge/orderpoller");
    private static final List<String> FORBIDDEN = List.of("org.springframework", "org.apache.kafka",
            "org.apache.avro", "kz.kaspibridge.schemas", "kz.kaspibridge.kaspiclient", "io.micrometer", "reactor.",
            "tools.jackson", "kz.kaspibridge.orderpoller.kaspi", "kz.kaspibridge.orderpoller.publishing",
            "kz.kaspibridge.orderpoller.config");
    /** What a feature's Kafka adapter may use beyond plain Java: Kafka, the client config, the topic names. */
    private static final List<String> KAFKA_ADAPTER = List.of("org.apache.kafka", "kz.kaspibridge.schemas.serde",
            "kz.kaspibridge.orderpoller.publishing.PollerTopics");
    private static final Pattern INTERNAL = Pattern.compile("^import (?:static )?kz\\.kaspibridge\\.orderpoller\\.(\\w+)\\.");

    @ParameterizedTest
    @ValueSource(strings = {"polling", "statussync", "merchants"})
    void featurePackagesImportNoFrameworkNorAdapter(String feature) {
        List<Path> sources = sources(MAIN.resolve(feature));
        List<String> domainImports = sources.stream().filter(f -> !isKafkaAdapter(f)).flatMap(DomainIsPlainJavaTest::imports)
                .toList();
        assertThat(domainImports).isNotEmpty();
        assertThat(domainImports).noneMatch(DomainIsPlainJavaTest::forbidden);
        assertThat(sources.stream().filter(DomainIsPlainJavaTest::isKafkaAdapter).flatMap(DomainIsPlainJavaTest::imports))
                .noneMatch(line -> forbidden(line) && KAFKA_ADAPTER.stream().noneMatch(line::contains));
    }

    @Test
    void noPackageDependsOnItselfAroundALoop() {
        Map<String, Set<String>> dependsOn = new TreeMap<>();
        try (Stream<Path> packages = Files.list(MAIN)) {
            packages.filter(Files::isDirectory).forEach(dir -> {
                String name = dir.getFileName().toString();
                Set<String> targets = new TreeSet<>();
                sources(dir).stream().flatMap(DomainIsPlainJavaTest::imports).map(INTERNAL::matcher)
                        .filter(Matcher::find).map(m -> m.group(1)).filter(p -> !p.equals(name)).forEach(targets::add);
                dependsOn.put(name, targets);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(dependsOn).containsKeys("polling", "statussync", "merchants", "kaspi", "publishing", "config");
        List<List<String>> cycles = new ArrayList<>();
        dependsOn.keySet().forEach(start -> findCycle(start, start, dependsOn, new ArrayList<>(List.of(start)), cycles));
        assertThat(cycles).as("package cycles").isEmpty();
    }

    private static void findCycle(String start, String at, Map<String, Set<String>> dependsOn, List<String> path,
                                  List<List<String>> cycles) {
        for (String next : dependsOn.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                cycles.add(cycle);
            } else if (!path.contains(next)) {
                path.add(next);
                findCycle(start, next, dependsOn, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    private static boolean forbidden(String importLine) {
        return FORBIDDEN.stream().anyMatch(importLine::contains);
    }

    private static boolean isKafkaAdapter(Path file) {
        return file.getFileName().toString().startsWith("Kafka");
    }

    private static List<Path> sources(Path folder) {
        return JavaSources.in(folder);
    }

    private static Stream<String> imports(Path file) {
        return JavaSources.imports(file).stream();
    }
}
