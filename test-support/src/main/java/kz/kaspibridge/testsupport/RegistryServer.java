package kz.kaspibridge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry (in-memory storage) as a child process on 127.0.0.1, started at most once
 * per JVM and stopped when the JVM exits. Maven resolves the distribution archive (see the
 * {@code apicurio.archive} and {@code apicurio.home} system properties the root POM passes to
 * surefire and failsafe); it is unpacked once per clone.
 */
public final class RegistryServer {

    private static final Logger log = LoggerFactory.getLogger(RegistryServer.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static RegistryServer shared;

    private final Process process;
    private final String url;

    private RegistryServer(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** The JVM's registry, started on first use. */
    public static synchronized RegistryServer shared() {
        if (shared == null) {
            Path home = unpack(requiredPath("apicurio.archive"), requiredPath("apicurio.home"));
            shared = start(home, freePort());
            RegistryServer started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "apicurio-registry-stop"));
        }
        return shared;
    }

    /** Base URL, for example {@code http://127.0.0.1:41234}. */
    public String url() {
        return url;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Starts the registry from an unpacked distribution and waits until the Confluent API answers. */
    public static RegistryServer start(Path home, int port) {
        Path runner = findRunner(home);
        Path logFile = home.resolve("registry-" + port + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.log.level=WARN",
                "-Dregistry.ccompat.legacy-id-mode.enabled=false",
                "-jar", runner.toString()));
        try {
            Process process = new ProcessBuilder(command).directory(home.toFile())
                    .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
            String url = "http://127.0.0.1:" + port;
            awaitReady(process, url, logFile);
            log.info("apicurio registry ready url={} log={}", url, logFile);
            return new RegistryServer(process, url);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Apicurio registry from " + home, e);
        }
    }

    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitReady(Process process, String url, Path logFile) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url + "/apis/ccompat/v7/subjects"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Apicurio registry exited during start-up; see " + logFile);
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pause();
        }
        process.destroyForcibly();
        throw new IllegalStateException("the Apicurio registry did not become ready in " + STARTUP_TIMEOUT + "; see " + logFile);
    }

    /** Unpacks the archive once into {@code home}; concurrent JVMs wait on a file lock. */
    static Path unpack(Path archive, Path home) {
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("Apicurio Registry archive not found at " + archive
                    + ": let Maven resolve io.apicurio:apicurio-registry-app:tar.gz:all (a dependency of test-support)");
        }
        Path marker = home.resolve(".unpacked");
        try {
            Files.createDirectories(home);
            try (FileChannel channel = FileChannel.open(home.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                if (!Files.exists(marker)) {
                    Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", home.toString())
                            .redirectErrorStream(true).start();
                    String output = new String(tar.getInputStream().readAllBytes());
                    if (tar.waitFor() != 0) {
                        throw new IllegalStateException("cannot unpack " + archive + ": " + output);
                    }
                    Files.writeString(marker, archive.getFileName().toString());
                }
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unpacking the registry", e);
        }
    }

    private static Path findRunner(Path home) {
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no *-runner.jar in " + home));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path requiredPath(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property
                    + " is not set: run tests through Maven (the root POM sets it)");
        }
        return Path.of(value);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
