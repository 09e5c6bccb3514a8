package kz.kaspibridge.schemas.evolution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Every released version of every topic value schema, kept under
 * {@code schema-history/<full record name>/v<N>.avsc}, and the backward-transitive check: the
 * current schema must read data written with each earlier version.
 */
public final class SchemaHistory {

    private final Path root;

    public SchemaHistory(Path root) {
        this.root = root;
    }

    public record Version(int number, Path file, Schema schema) {
    }

    /** One incompatibility between the current schema (reader) and a released version (writer). */
    public record Incompatibility(String schema, int version, String description) {
        @Override
        public String toString() {
            return schema + " cannot read its v" + version + ": " + description;
        }
    }

    public List<Version> versions(String fullName) {
        Path folder = root.resolve(fullName);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().matches("v\\d+\\.avsc"))
                    .map(f -> new Version(number(f), f, parse(f)))
                    .sorted(Comparator.comparingInt(Version::number))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Backward-transitive: the candidate must read what every released version wrote. */
    public List<Incompatibility> check(Schema candidate) {
        List<Incompatibility> problems = new ArrayList<>();
        for (Version released : versions(candidate.getFullName())) {
            SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(candidate, released.schema());
            if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                problems.add(new Incompatibility(candidate.getFullName(), released.number(),
                        result.getResult().getIncompatibilities().toString()));
            }
        }
        return problems;
    }

    /** Writes the candidate as the next version if it differs from the latest; returns the file written. */
    public Optional<Path> release(Schema candidate) {
        List<Version> released = versions(candidate.getFullName());
        if (!released.isEmpty() && released.get(released.size() - 1).schema().equals(candidate)) {
            return Optional.empty();
        }
        int next = released.isEmpty() ? 1 : released.get(released.size() - 1).number() + 1;
        Path file = root.resolve(candidate.getFullName()).resolve("v" + next + ".avsc");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, candidate.toString(true) + System.lineSeparator());
            return Optional.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int number(Path file) {
        String name = file.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.length() - ".avsc".length()));
    }

    private static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
