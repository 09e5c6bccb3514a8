package kz.kaspibridge.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kz.kaspibridge.testsupport.FigureSheet.Figure;
import kz.kaspibridge.testsupport.FigureSheet.Verdict;

/**
 * Rewrites the generated parts of {@code docs/benchmarks.md} from every module's {@link FigureSheet}: a summary
 * table at the top and the latest figures of each benchmark in its own section. Everything else in the file (the
 * commands, the setups, the earlier results and their analysis) is hand-written and kept as it is. A generated
 * part sits between {@code <!-- generated:ID -->} and {@code <!-- /generated:ID -->}; a benchmark whose sheet is
 * missing (it failed, or was left out) is said to be so, never shown with old figures.
 *
 * <p>{@code ./benchmarks} runs it after the build, with JDK classes only on the classpath:
 * {@code java -cp test-support/target/classes kz.kaspibridge.testsupport.BenchmarkReport ROOT DOC STARTED LOAD_START
 * LOAD_END BUILD_EXIT_CODE} (STARTED in epoch seconds).
 */
public final class BenchmarkReport {

    private static final Pattern BLOCK = Pattern.compile(
            "(<!-- generated:([a-z-]+) -->\\n)(.*?)(<!-- /generated:\\2 -->)", Pattern.DOTALL);
    private static final String SUMMARY = "summary";

    private BenchmarkReport() {
    }

    /** The run as a whole: what the command saw around the build. */
    record Run(Instant started, Instant ended, String loadAtStart, String loadAtEnd, int exitCode) {
    }

    /** One module's sheet, read back. */
    record Sheet(Map<String, String> meta, List<String> notes, List<Figure> figures) {

        String benchmark() {
            return meta.getOrDefault("benchmark", "?");
        }

        static Sheet read(Path file) throws IOException {
            Map<String, String> meta = new LinkedHashMap<>();
            List<String> notes = new ArrayList<>();
            List<Figure> figures = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("meta\t")) {
                    String[] cells = line.split("\t", 3);
                    if (cells[1].equals("note")) {
                        notes.add(cells[2]);
                    } else {
                        meta.put(cells[1], cells.length > 2 ? cells[2] : "");
                    }
                } else if (line.startsWith("figure\t")) {
                    figures.add(Figure.parse(line));
                }
            }
            return new Sheet(meta, notes, figures);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            System.err.println("usage: BenchmarkReport ROOT DOC STARTED_EPOCH_SECONDS LOAD_START LOAD_END EXIT_CODE");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        Path doc = Path.of(args[1]);
        Run run = new Run(Instant.ofEpochSecond(Long.parseLong(args[2])), Instant.now(), args[3], args[4],
                Integer.parseInt(args[5]));
        Map<String, Sheet> sheets = sheets(root);
        Files.writeString(doc, rewrite(Files.readString(doc), sheets, run));
        System.out.printf("%s rewritten: %d benchmark sheet(s) %s%n", doc, sheets.size(), sheets.keySet());
    }

    /** Every {@code <module>/target/benchmark-figures.tsv} under the root, by benchmark id. */
    static Map<String, Sheet> sheets(Path root) throws IOException {
        Map<String, Sheet> sheets = new LinkedHashMap<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.sorted().toList()) {
                Path file = module.resolve(FigureSheet.FILE);
                if (Files.isRegularFile(file)) {
                    Sheet sheet = Sheet.read(file);
                    sheets.put(sheet.benchmark(), sheet);
                }
            }
        }
        return sheets;
    }

    /** The document with every generated part replaced; the rest is left exactly as it was. */
    static String rewrite(String document, Map<String, Sheet> sheets, Run run) {
        List<String> order = new ArrayList<>();
        Matcher ids = BLOCK.matcher(document);
        while (ids.find()) {
            if (!ids.group(2).equals(SUMMARY)) {
                order.add(ids.group(2));
            }
        }
        Matcher blocks = BLOCK.matcher(document);
        StringBuilder out = new StringBuilder();
        while (blocks.find()) {
            String id = blocks.group(2);
            String body = id.equals(SUMMARY) ? summary(order, sheets, run) : section(id, sheets.get(id));
            blocks.appendReplacement(out, Matcher.quoteReplacement(blocks.group(1) + body + blocks.group(4)));
        }
        blocks.appendTail(out);
        return out.toString();
    }

    static String summary(List<String> order, Map<String, Sheet> sheets, Run run) {
        StringBuilder text = new StringBuilder();
        String machine = sheets.values().stream().map(s -> s.meta().get("machine")).filter(m -> m != null)
                .findFirst().orElse("unknown machine");
        long minutes = Duration.between(run.started(), run.ended()).toMinutes();
        text.append(String.format("**Last run of `./benchmarks`: %s – %s UTC (%d min)** on %s; load average (1/5/15 "
                        + "min) %s at the start, %s at the end; the build %s.%n%n", utc(run.started()),
                utc(run.ended()).substring(11), minutes, machine, run.loadAtStart(), run.loadAtEnd(),
                run.exitCode() == 0 ? "passed" : "failed (exit code " + run.exitCode() + "): see the benchmarks "
                        + "without figures below and `target/benchmarks.log`"));
        text.append("| benchmark | figure | result | baseline (same run) | ratio | target | met? |\n");
        text.append("|---|---|---|---|---|---|---|\n");
        List<String> all = new ArrayList<>(order);
        sheets.keySet().stream().filter(id -> !all.contains(id)).forEach(all::add);
        for (String id : all) {
            Sheet sheet = sheets.get(id);
            if (sheet == null) {
                text.append("| ").append(id).append(" | **not measured in this run** | | | | | |\n");
                continue;
            }
            for (Figure figure : sheet.figures()) {
                text.append("| ").append(id).append(" | ").append(row(figure)).append('\n');
            }
        }
        long missed = sheets.values().stream().flatMap(s -> s.figures().stream())
                .filter(f -> f.verdict() == Verdict.MISSED).count();
        long met = sheets.values().stream().flatMap(s -> s.figures().stream())
                .filter(f -> f.verdict() == Verdict.MET).count();
        text.append(String.format("%nTargets: %d met, **%d missed**%s.%n", met, missed,
                all.stream().anyMatch(id -> !sheets.containsKey(id)) ? ", and some benchmarks not measured" : ""));
        return text.toString();
    }

    static String section(String id, Sheet sheet) {
        if (sheet == null) {
            return "**Not measured in the last run of `./benchmarks`** (the benchmark failed or was left out; its "
                    + "output is in `target/benchmarks.log`).\n";
        }
        StringBuilder text = new StringBuilder();
        text.append(String.format("**Figures of the last run of `./benchmarks`, %s – %s UTC** (%s; load average %s "
                        + "at the start, %s at the end):%n%n", utc(Instant.parse(sheet.meta().get("started"))),
                utc(Instant.parse(sheet.meta().get("ended"))).substring(11), sheet.meta().get("machine"),
                sheet.meta().get("load-start"), sheet.meta().get("load-end")));
        text.append("| figure | result | baseline (same run) | ratio | target | met? |\n");
        text.append("|---|---|---|---|---|---|\n");
        sheet.figures().forEach(figure -> text.append("| ").append(row(figure)).append('\n'));
        if (!sheet.notes().isEmpty()) {
            text.append('\n');
            sheet.notes().forEach(note -> text.append("- ").append(note).append('\n'));
        }
        return text.toString();
    }

    private static String row(Figure figure) {
        String baseline = Double.isNaN(figure.baseline()) ? "–"
                : (FigureSheet.number(figure.baseline()) + " " + figure.unit()).strip()
                        + (figure.baselineName().isEmpty() ? "" : " (" + figure.baselineName() + ")");
        String verdict = switch (figure.verdict()) {
            case MET -> "met";
            case MISSED -> "**missed**";
            case NONE -> "–";
        };
        String result = Double.isNaN(figure.value()) ? figure.unit()
                : (FigureSheet.number(figure.value()) + " " + figure.unit()).strip();
        return String.join(" | ", figure.name(), figure.verdict() == Verdict.MISSED ? "**" + result + "**" : result,
                baseline, FigureSheet.number(figure.ratio()), figure.target().isEmpty() ? "–" : figure.target(),
                verdict) + " |";
    }

    private static String utc(Instant instant) {
        return instant.toString().substring(0, 16).replace('T', ' ');
    }
}
