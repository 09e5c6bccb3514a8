package kz.kaspibridge.deploy.resilience;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import kz.kaspibridge.testsupport.ServiceProcess;

/**
 * A Kafka broker of its own (KRaft, one node that is broker and controller, on 127.0.0.1), as run-local runs it: an
 * OS process with main class {@code kafka.Kafka} from this JVM's class path (spring-kafka-test brings the broker),
 * its data in a directory that outlives the process, so that it can be stopped and started again with its topics
 * and records. The shared embedded broker of {@code TestStack} cannot restart in place.
 */
final class BrokerProcess implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Path directory;
    private final Path config;
    private final int port = ServiceProcess.freePort();
    private Process process;

    private BrokerProcess(Path directory) {
        this.directory = directory;
        this.config = directory.resolve("server.properties");
    }

    /** Formats its storage, starts it and waits until it answers. */
    static BrokerProcess start() {
        try {
            BrokerProcess broker = new BrokerProcess(Files.createTempDirectory("resilience-broker"));
            broker.format();
            broker.startAgain();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void format() throws IOException {
        int controllerPort = ServiceProcess.freePort();
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + directory.resolve("data"),
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0", ""));
        // --cluster-id=VALUE: an id starting with "-" would be taken for an option (run-local learnt it).
        String clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.nio.ByteBuffer.allocate(16).putLong(UUID.randomUUID().getMostSignificantBits())
                        .putLong(UUID.randomUUID().getLeastSignificantBits()).array());
        Process formatting = java("kafka.tools.StorageTool", "format", "--standalone", "--cluster-id=" + clusterId,
                "-c", config.toString()).start();
        try {
            if (!formatting.waitFor(60, TimeUnit.SECONDS) || formatting.exitValue() != 0) {
                throw new IllegalStateException("cannot format the broker's storage; see " + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the broker on its data and port, and waits until it answers an admin request. */
    void startAgain() {
        try {
            process = java("kafka.Kafka", config.toString()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the broker", e);
        }
        await("broker up").atMost(WAIT).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker exited; see " + log());
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
                admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                return true;
            }
        });
    }

    /** A controlled shutdown (SIGTERM), as a rolling restart stops a broker; its data stays. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    private ProcessBuilder java(String mainClass, String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                // The test class path: under failsafe a manifest-only jar whose Class-Path names every jar.
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
    }

    private Path log() {
        return Path.of("target", "resilience-broker.log").toAbsolutePath();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
