package kz.kaspibridge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The machine-readable figures of one benchmark run: each figure beside its baseline of the same run, the ratio,
 * its target and whether it was met, with the date, the machine and the load average. A benchmark starts a sheet
 * at its start, adds its figures and writes the sheet to {@code target/benchmark-figures.tsv} of its module, where
 * {@link BenchmarkReport} gathers every module's sheet into {@code docs/benchmarks.md}.
 *
 * <p>The file is tab-separated text, one line per fact ({@code meta} or {@code figure}), so a shell or a
 * spreadsheet reads it as well as the report does; no JSON library is needed on either side.
 */
public final class FigureSheet {

    /** The file every benchmark writes its sheet to, relative to its module (failsafe's working directory). */
    public static final Path FILE = Path.of("target", "benchmark-figures.tsv");

    private final String benchmark;
    private final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final String loadAtStart = BenchmarkFigures.loadAverage();
    private final List<Figure> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private FigureSheet(String benchmark) {
        this.benchmark = benchmark;
    }

    /** A sheet for the benchmark of this id (its section of docs/benchmarks.md), started now. */
    public static FigureSheet start(String benchmark) {
        return new FigureSheet(benchmark);
    }

    public FigureSheet add(Figure figure) {
        figures.add(figure);
        return this;
    }

    /** A line of context printed under the benchmark's table (what shared the JVM, how many samples). */
    public FigureSheet note(String note) {
        notes.add(note);
        return this;
    }

    public List<Figure> figures() {
        return List.copyOf(figures);
    }

    /** Writes the sheet to {@link #FILE}, with the load average and the time at this moment as its end. */
    public void write() {
        writeTo(FILE);
        System.out.println("BENCH figures written to " + FILE.toAbsolutePath());
    }

    void writeTo(Path file) {
        List<String> lines = new ArrayList<>();
        lines.add(meta("benchmark", benchmark));
        lines.add(meta("started", started.toString()));
        lines.add(meta("ended", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
        lines.add(meta("machine", machine()));
        lines.add(meta("load-start", loadAtStart));
        lines.add(meta("load-end", BenchmarkFigures.loadAverage()));
        notes.forEach(note -> lines.add(meta("note", note)));
        figures.forEach(figure -> lines.add(figure.line()));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file.toAbsolutePath(), e);
        }
    }

    /** Cores, memory, OS and JDK of this machine. */
    public static String machine() {
        return String.format(Locale.ROOT, "%d cores, %s memory, %s %s, %s %s",
                Runtime.getRuntime().availableProcessors(), memoryTotal(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.vm.name", "JVM"),
                System.getProperty("java.version"));
    }

    private static String memoryTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> String.format(Locale.ROOT, "%.1f GiB",
                            Long.parseLong(l.replaceAll("\\D+", "")) / (1024.0 * 1024.0)))
                    .findFirst().orElse("unknown");
        } catch (IOException | RuntimeException notLinux) {
            return "unknown";
        }
    }

    private static String meta(String key, String value) {
        return "meta\t" + key + "\t" + clean(value);
    }

    static String clean(String text) {
        return text == null ? "" : text.replace('\t', ' ').replace('\n', ' ');
    }

    /** Whether a figure met its target; {@code NONE} when it has none. */
    public enum Verdict { MET, MISSED, NONE }

    /**
     * One figure. {@code baseline} is in the figure's unit (NaN when the figure has no baseline of its own),
     * {@code ratio} as the benchmark defines it (its section says how; NaN when none), {@code target} as text
     * ("≥ 3,000 orders/s"), empty when none.
     */
    public record Figure(String name, double value, String unit, double baseline, String baselineName,
                         double ratio, String target, Verdict verdict) {

        public Figure {
            name = clean(name);
            unit = clean(unit);
            baselineName = clean(baselineName);
            target = clean(target);
        }

        /** A figure with no target: it describes, it is not judged. */
        public static Figure info(String name, double value, String unit) {
            return new Figure(name, value, unit, Double.NaN, "", Double.NaN, "", Verdict.NONE);
        }

        /** A figure whose target is a ceiling: met when {@code value <= limit}. */
        public static Figure atMost(String name, double value, String unit, double limit) {
            return new Figure(name, value, unit, Double.NaN, "", Double.NaN, "≤ " + number(limit) + " " + unit,
                    verdict(!Double.isNaN(value) && value <= limit));
        }

        /** A figure whose target is a floor: met when {@code value >= floor}. */
        public static Figure atLeast(String name, double value, String unit, double floor) {
            return new Figure(name, value, unit, Double.NaN, "", Double.NaN, "≥ " + number(floor) + " " + unit,
                    verdict(!Double.isNaN(value) && value >= floor));
        }

        /** The same figure with a baseline of the same run beside it, and the ratio between them. */
        public Figure against(String baselineName, double baseline, double ratio) {
            return new Figure(name, value, unit, baseline, baselineName, ratio, target, verdict);
        }

        /** The same figure judged by another target, stated as text. */
        public Figure target(String text, boolean met) {
            return new Figure(name, value, unit, baseline, baselineName, ratio, text, verdict(met));
        }

        private static Verdict verdict(boolean met) {
            return met ? Verdict.MET : Verdict.MISSED;
        }

        String line() {
            return String.join("\t", "figure", name, raw(value), unit, raw(baseline), baselineName, raw(ratio),
                    target, verdict.name());
        }

        static Figure parse(String line) {
            String[] cells = line.split("\t", -1);
            if (cells.length != 9 || !cells[0].equals("figure")) {
                throw new IllegalArgumentException("not a figure line: " + line);
            }
            return new Figure(cells[1], Double.parseDouble(cells[2]), cells[3], Double.parseDouble(cells[4]),
                    cells[5], Double.parseDouble(cells[6]), cells[7], Verdict.valueOf(cells[8]));
        }

        private static String raw(double value) {
            return Double.isNaN(value) ? "NaN" : Double.toString(value);
        }
    }

    /** A figure as people read it: grouped thousands, decimals only where they say something. */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, magnitude >= 10 ? "%.1f" : "%.2f", value);
    }
}
