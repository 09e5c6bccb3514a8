package kz.kaspibridge.deploy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One JVM started as an operating-system process, as a container starts it: the shipped JVM flags, its own log
 * file, its HTTP port given. It measures what only a process of its own shows: the time from the process being
 * started until its readiness endpoint answers 200, and its resident set ({@code /proc/<pid>/status}).
 *
 * <p>Not test-support's {@code ServiceProcess}, which starts a service jar from a settings map and waits for its
 * health: this one runs any JVM command (the baseline server too) with the flags the benchmark gives, and its clock
 * starts the instant the process is started.
 */
final class MeasuredProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Process process;
    private final long startedNanos;
    private final int port;
    private final Path log;

    private MeasuredProcess(String name, Process process, long startedNanos, int port, Path log) {
        this.name = name;
        this.process = process;
        this.startedNanos = startedNanos;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code java <jvmFlags> <mainArguments>} with its output in {@code logs/<name>.log}. */
    static MeasuredProcess start(String name, List<String> jvmFlags, List<String> mainArguments, int port, Path logs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(mainArguments);
        try {
            Files.createDirectories(logs);
            Path log = logs.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // The container's environment has no JDK_JAVA_OPTIONS but the image's; the flags are given here instead.
            builder.environment().remove("JDK_JAVA_OPTIONS");
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            long started = System.nanoTime();
            return new MeasuredProcess(name, builder.start(), started, port, log);
        } catch (IOException e) {
            throw new UncheckedIOException("starting " + name, e);
        }
    }

    /** Waits until {@code path} answers 200 and returns the time since the process was started, in ms. */
    long awaitReady(String path, Duration atMost) throws InterruptedException {
        long deadline = startedNanos + atMost.toNanos();
        URI uri = URI.create(url(path));
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready;"
                        + " its log: " + log.toAbsolutePath());
            }
            try {
                HttpResponse<Void> answer = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return (System.nanoTime() - startedNanos) / 1_000_000;
                }
            } catch (IOException notListeningYet) {
                // connection refused until the server is bound
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(name + " not ready in " + atMost + "; its log: " + log.toAbsolutePath());
    }

    /** The resident set now ({@code VmRSS}) in MB; -1 once the process is gone. */
    long rssMb() {
        return status("VmRSS:");
    }

    /** The highest resident set of the process's life so far ({@code VmHWM}) in MB; -1 once it is gone. */
    long peakRssMb() {
        return status("VmHWM:");
    }

    private long status(String field) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                    .filter(line -> line.startsWith(field)).findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("\\D+", "")) >> 10).orElse(-1L);
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    /** SIGTERM, as a container stop sends it; SIGKILL after 60 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
