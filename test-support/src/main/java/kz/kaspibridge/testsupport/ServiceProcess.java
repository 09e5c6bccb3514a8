package kz.kaspibridge.testsupport;

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
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A service as an operating-system process started from its exec jar, as it runs in production, so a test can
 * kill it without warning ({@link #kill()}: SIGKILL, no shutdown hook, no last commit) and start it again with the
 * same settings. It runs with run-local's JVM flags, this JVM's broker and registry ({@link TestStack}) and the
 * test's settings; its output goes to {@code target/<name>.log} of the module whose tests run.
 */
public final class ServiceProcess implements AutoCloseable {

    /** run-local's flags: small heap, C1 only, serial GC, so several services start quickly on two cores. */
    public static final List<String> JVM_FLAGS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar and waits until {@code /actuator/health} answers 200. */
    public static ServiceProcess start(String name, Path jar, Map<String, String> settings, Duration wait) {
        return start(name, jar, settings, wait, body -> true);
    }

    /**
     * Starts the jar and waits until {@code /actuator/health} answers 200 with a body that {@code healthy} accepts
     * (a Streams service: its state {@code RUNNING}). A {@code server.port} among the settings is kept, so a
     * restarted service can be reached where its callers already send; otherwise a free port is chosen.
     */
    public static ServiceProcess start(String name, Path jar, Map<String, String> settings, Duration wait,
                                       Predicate<String> healthy) {
        Map<String, String> props = new LinkedHashMap<>(settings);
        int port = props.containsKey("server.port") ? Integer.parseInt(props.get("server.port")) : freePort();
        props.put("server.port", Integer.toString(port));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(TestStack.serviceArguments(props)));
        Path log = Path.of("target", name + ".log").toAbsolutePath();
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            ServiceProcess service = new ServiceProcess(process, port, log);
            try {
                service.awaitHealthy(wait, healthy);
            } catch (RuntimeException e) {
                service.kill();
                throw e;
            }
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** The exec jar in {@code moduleDirectory/target}, which Maven's {@code package} builds before failsafe runs. */
    public static Path execJar(Path moduleDirectory) {
        Path target = moduleDirectory.resolve("target");
        String module = moduleDirectory.toAbsolutePath().normalize().getFileName().toString();
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches(module + "-.*-exec\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + module + "-*-exec.jar in " + target
                            + ": build it with Maven's package (or install) first"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target + ": build " + module + " first", e);
        }
    }

    private void awaitHealthy(Duration wait, Predicate<String> healthy) {
        await().atMost(wait).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited during start-up; see " + log);
            }
            HttpResponse<String> health = ServiceChecks.health(port);
            return health.statusCode() == 200 && healthy.test(health.body());
        });
    }

    /** The HTTP port it listens on. */
    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as the kernel's OOM killer or a node failure would: the process gets no chance to clean up. */
    public void kill() {
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

    /** SIGTERM (a graceful stop), then SIGKILL after 30 s. */
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

    /** A free port on this machine, for a service whose callers must know its URL before it starts. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
