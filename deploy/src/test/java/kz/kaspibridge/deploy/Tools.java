package kz.kaspibridge.deploy;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The command-line tools the deploy checks run (promtool, prometheus, docker-compose, kubectl), and the repository
 * they check. A missing tool fails the check on CI ({@code CI=true}, where {@code .ci/run} installs it) and skips
 * it elsewhere with the package to install, so a developer without it still gets a green build of the rest.
 */
public final class Tools {

    private Tools() {
    }

    /** The repository's root: the test runs in {@code deploy/}. */
    public static Path repository() {
        Path here = Paths.get("").toAbsolutePath();
        return Files.exists(here.resolve("docker-compose.yml")) || Files.exists(here.resolve("mvnw"))
                ? here
                : here.getParent();
    }

    /** The tool's path, or the test skipped (failed on CI) naming the Debian package that provides it. */
    public static Path require(String command, String debianPackage) {
        Optional<Path> found = find(command);
        if (found.isEmpty()) {
            String why = command + " is not on the PATH: apt-get install " + debianPackage;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + " (.ci/run installs it)");
            }
            assumeTrue(false, why);
        }
        return found.get();
    }

    public static Optional<Path> find(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Paths.get(dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** What a command printed (stdout and stderr together) and how it exited. */
    public record Run(int exitCode, String output) {
    }

    /** Runs a command in {@code directory}, waiting at most {@code timeout}. */
    public static Run run(Path directory, Duration timeout, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }
}
