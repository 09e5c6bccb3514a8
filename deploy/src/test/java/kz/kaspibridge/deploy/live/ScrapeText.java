package kz.kaspibridge.deploy.live;

import java.util.Set;
import java.util.TreeSet;

/** The Prometheus text format a service's {@code /actuator/prometheus} answers, read as far as names go. */
final class ScrapeText {

    private ScrapeText() {
    }

    /** The name of every sample line: {@code kaspi_x_total{merchant="m1"} 3.0} gives {@code kaspi_x_total}. */
    static Set<String> metricNames(String text) {
        Set<String> names = new TreeSet<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }
}
