package kz.kaspibridge.schemas.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line without a broker: every usage error is said plainly and exits 2 before Kafka is touched. */
class KaspiOpsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    // Nothing listens here: a test that reached Kafka would fail with exit 3, not 2.
    private static final Map<String, String> NO_STACK = Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1");

    @Test
    void helpListsEveryCommandAndExitsZero() {
        Run run = run("help");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("trace <order-code>", "replay-dlt <topic>-dlt", "repoll <merchant-id> --from",
                "rebuild-feed <merchant-id>", "exit codes");
    }

    @Test
    void usageErrorsExitTwoWithAClearMessage() {
        assertThat(run()).extracting(Run::code).isEqualTo(2);
        assertUsage(run("frobnicate"), "unknown command frobnicate");
        assertUsage(run("trace"), "missing order-code");
        assertUsage(run("trace", "A1", "B2"), "one order-code expected, got A1 B2");
        assertUsage(run("trace", "A1", "--colour=red"), "unknown option --colour");
        assertUsage(run("replay-dlt", "kaspi.orders"), "kaspi.orders is not a dead-letter topic");
        assertUsage(run("replay-dlt", "kaspi.orders-dlt", "--since=yesterday"), "not an ISO instant");
        assertUsage(run("repoll", "merchant-1"), "--from <ISO-INSTANT> is required");
        assertUsage(run("repoll", "merchant-1", "--from", "2026-11-25"), "not an ISO instant");
        assertUsage(run("repoll", "merchant-1", "--from", "2026-11-26T00:00:00Z"), "is in the future");
        assertUsage(run("rebuild-feed"), "missing merchant-id");
        assertUsage(run("trace", "A1", "--timeout=soon"), "not a duration");
    }

    @Test
    void theRegistryMayBeGivenAsItsConfluentUrl() {
        KaspiOps ops = new KaspiOps(Map.of(), Clock.fixed(NOW, ZoneOffset.UTC), System.out, System.err);
        assertThat(ops.kafka(KaspiOps.Options.parse(List.of("--registry=http://reg:8081/apis/ccompat/v7/")))
                .registryUrl()).isEqualTo("http://reg:8081");
        assertThat(ops.kafka(KaspiOps.Options.parse(List.of()))).satisfies(kafka -> {
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:19092");
            assertThat(kafka.registryUrl()).isEqualTo("http://127.0.0.1:18081");
        });
    }

    private static void assertUsage(Run run, String message) {
        assertThat(run.code()).as(run.err()).isEqualTo(KaspiOps.USAGE);
        assertThat(run.err()).contains(message).contains("./kaspi-ops help");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new KaspiOps(NO_STACK, Clock.fixed(NOW, ZoneOffset.UTC),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of(args));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
