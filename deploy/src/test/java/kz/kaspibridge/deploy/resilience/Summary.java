package kz.kaspibridge.deploy.resilience;

import java.util.LinkedHashMap;
import java.util.Map;

/** The figures of one resilience run, in the order they were added, printed as a Markdown table. */
final class Summary {

    private final String title;
    private final Map<String, Object> rows = new LinkedHashMap<>();

    Summary(String title) {
        this.title = title;
    }

    Summary add(String figure, Object value) {
        rows.put(figure, value);
        return this;
    }

    String table() {
        int width = Math.max("figure".length(), rows.keySet().stream().mapToInt(String::length).max().orElse(0));
        StringBuilder table = new StringBuilder(title).append('\n').append('\n');
        table.append(String.format("| %-" + width + "s | value |%n", "figure"));
        table.append("|").append("-".repeat(width + 2)).append("|-------|\n");
        rows.forEach((figure, value) -> table.append(String.format("| %-" + width + "s | %s |%n", figure, value)));
        return table.toString();
    }

    /** Printed to stdout, where Maven shows it, and so that a run's table can be copied into docs/resilience.md. */
    void print() {
        System.out.println();
        System.out.println(table());
    }
}
