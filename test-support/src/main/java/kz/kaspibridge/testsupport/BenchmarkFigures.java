package kz.kaspibridge.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures every benchmark prints beside its own: memory, machine load, percentiles. */
public final class BenchmarkFigures {

    private BenchmarkFigures() {
    }

    /**
     * Heap in use and the JVM's resident set (Linux; elsewhere heap only).
     *
     * @param together what shares this JVM, e.g. "sandbox, poller and broker"
     */
    public static String memory(String together) {
        Runtime runtime = Runtime.getRuntime();
        String rss = "n/a";
        try {
            rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> (Long.parseLong(l.replaceAll("\\D+", "")) >> 10) + " MB").findFirst().orElse("n/a");
        } catch (IOException | RuntimeException notLinux) {
            // Not Linux: heap only.
        }
        return String.format(Locale.ROOT, "memory: heap used %d MB of %d MB max, JVM RSS %s (%s together)",
                (runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.maxMemory() >> 20, rss, together);
    }

    /**
     * The first lines of every benchmark's report, in a list the benchmark goes on adding to: the load average at
     * the start and {@link #machine()}.
     */
    public static List<String> reportStart() {
        return new ArrayList<>(List.of("load average (1/5/15 min) at the start: " + loadAverage(), machine()));
    }

    /** Cores, JDK and maximum heap of this JVM. */
    public static String machine() {
        return "machine: " + Runtime.getRuntime().availableProcessors() + " cores, JDK "
                + System.getProperty("java.version") + ", " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB heap";
    }

    /** The 1, 5 and 15 minute load averages (Linux), or "unknown". */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The nearest-rank {@code p}th percentile (0..100) of ascending values; -1 when there are none. */
    public static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
