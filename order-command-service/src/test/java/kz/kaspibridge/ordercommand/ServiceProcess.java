package kz.kaspibridge.ordercommand;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kz.kaspibridge.testsupport.ServiceChecks;
import kz.kaspibridge.testsupport.TestStack;

/**
 * The service as an operating-system process started from its exec jar, as it runs in production, so a test can
 * kill it without warning ({@link #kill()}: SIGKILL, no shutdown hook, no last commit). The jar is in
 * {@code target/} because failsafe runs after packaging. Its output goes to {@code target/<name>.log}.
 */
final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar with this JVM's broker and registry and {@code settings}, and waits until it is healthy. */
    static ServiceProcess start(String name, Map<String, String> settings, Duration wait) {
        int port = freePort();
        Map<String, String> props = new LinkedHashMap<>(settings);
        props.put("server.port", Integer.toString(port));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", execJar().toString()));
        command.addAll(List.of(TestStack.serviceArguments(props)));
        Path log = Path.of("target", name + ".log").toAbsolutePath();
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            ServiceProcess service = new ServiceProcess(process, port, log);
            service.awaitHealthy(wait);
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private void awaitHealthy(Duration wait) {
        await().atMost(wait).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited during start-up; see " + log);
            }
            HttpResponse<String> health = ServiceChecks.health(port);
            return health.statusCode() == 200 && health.body().contains("RUNNING");
        });
    }

    /** SIGKILL, as the kernel's OOM killer or a node failure would: the process gets no chance to clean up. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the service did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
    }

    private static Path execJar() {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("order-command-service-.*-exec\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException(
                            "no order-command-service-*-exec.jar in target/: run the ITs through Maven's verify"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
