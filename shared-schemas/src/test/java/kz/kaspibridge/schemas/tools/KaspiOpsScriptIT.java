package kz.kaspibridge.schemas.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The root launcher, {@code ./kaspi-ops}, on the jar and classpath file this module's package phase just wrote
 * (failsafe runs after it): help exits 0, an unknown command exits 2 with a message.
 */
class KaspiOpsScriptIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void helpExitsZeroAndAnUnknownCommandExitsTwo() throws Exception {
        // Never let the test start a Maven build of its own: without the package output, there is nothing to run.
        assumeTrue(Files.exists(ROOT.resolve("shared-schemas/target/kaspi-ops.classpath")), "package phase not run");

        Result help = run("help");
        assertThat(help.code()).isZero();
        assertThat(help.output()).contains("usage: ./kaspi-ops <command>", "trace <order-code>");

        Result unknown = run("frobnicate");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.output()).contains("unknown command frobnicate");
    }

    private record Result(int code, String output) {
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = ROOT.resolve("kaspi-ops").toString();
        System.arraycopy(args, 0, command, 2, args.length);
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kaspi-ops finished").isTrue();
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
