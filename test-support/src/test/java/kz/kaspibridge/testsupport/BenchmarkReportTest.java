package kz.kaspibridge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import kz.kaspibridge.testsupport.BenchmarkReport.Run;
import kz.kaspibridge.testsupport.BenchmarkReport.Sheet;
import kz.kaspibridge.testsupport.FigureSheet.Figure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportTest {

    private static final String DOCUMENT = """
            # Benchmarks
            Hand-written introduction.
            <!-- generated:summary -->
            old summary
            <!-- /generated:summary -->
            ## poller
            Its command and setup, by hand.
            <!-- generated:poller -->
            old poller figures
            <!-- /generated:poller -->
            Earlier runs, by hand.
            ## gateway
            <!-- generated:gateway -->
            old gateway figures
            <!-- /generated:gateway -->
            """;

    private static final Run RUN = new Run(Instant.parse("2026-12-06T15:00:00Z"),
            Instant.parse("2026-12-06T15:35:00Z"), "1.00 0.50 0.20", "3.00 2.00 1.00", 0);

    @Test
    void aSheetWrittenByABenchmarkIsReadBackIntoItsSectionAndTheSummary(@TempDir Path root) throws IOException {
        Path module = Files.createDirectories(root.resolve("poller"));
        FigureSheet sheet = FigureSheet.start("poller")
                .add(Figure.atLeast("ingest", 3_910.4, "orders/s", 3_000).against("raw pages", 12_465, 0.31))
                .add(Figure.atMost("visibility p99", 1_419, "ms", 1_300))
                .note("one JVM");
        Files.createDirectories(module.resolve("target"));
        Files.write(module.resolve(FigureSheet.FILE), sheetLines(sheet));

        Map<String, Sheet> sheets = BenchmarkReport.sheets(root);
        String document = BenchmarkReport.rewrite(DOCUMENT, sheets, RUN);

        assertThat(document).contains("Hand-written introduction.", "Its command and setup, by hand.",
                "Earlier runs, by hand.").doesNotContain("old summary", "old poller figures", "old gateway figures");
        assertThat(document).contains("| poller | ingest | 3,910 orders/s | 12,465 orders/s (raw pages) | 0.31 | "
                + "≥ 3,000 orders/s | met |");
        assertThat(document).contains("| visibility p99 | **1,419 ms** | – | – | ≤ 1,300 ms | **missed** |");
        assertThat(document).contains("- one JVM");
        assertThat(document).contains("| gateway | **not measured in this run** |");
        assertThat(document).contains("**Not measured in the last run of `./benchmarks`**");
        assertThat(document).contains("Targets: 1 met, **1 missed**, and some benchmarks not measured.");
    }

    @Test
    void rewritingTwiceGivesTheSameDocument() {
        String once = BenchmarkReport.rewrite(DOCUMENT, Map.of(), RUN);
        assertThat(BenchmarkReport.rewrite(once, Map.of(), RUN)).isEqualTo(once);
    }

    /** What {@link FigureSheet#write()} writes, without writing to the working directory's target/. */
    private static java.util.List<String> sheetLines(FigureSheet sheet) throws IOException {
        Path file = Files.createTempFile("sheet", ".tsv");
        sheet.writeTo(file);
        return Files.readAllLines(file);
    }
}
