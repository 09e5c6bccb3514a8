package kz.kaspibridge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Java sources of one package folder, read as text: what each module's {@code DomainIsPlainJavaTest} checks
 * its feature packages with (no framework nor adapter imported), so the reading is written once.
 */
public final class JavaSources {

    private JavaSources() {
    }

    /** The {@code .java} files directly in {@code folder}, sorted by name. */
    public static List<Path> in(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** Every line of {@code file}. */
    public static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The import lines of {@code file}, trimmed. */
    public static List<String> imports(Path file) {
        return lines(file).stream().map(String::trim).filter(line -> line.startsWith("import ")).toList();
    }

    /** The import lines of every source in {@code folder}. */
    public static List<String> importsIn(Path folder) {
        return in(folder).stream().flatMap(file -> imports(file).stream()).toList();
    }
}
