package kz.kaspibridge.deploy.live;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Grafana query into the PromQL Grafana would send, so that Prometheus can judge it. Grafana's interval
 * variables become {@code 1m} (their millisecond and second forms the matching numbers). A dashboard's own
 * variable inside a string, a label matcher's value, becomes {@code .*} and its matcher a regex match
 * ({@code merchant="$merchant"} → {@code merchant=~".*"}): what the "All" choice sends, valid whatever the
 * variable holds. Elsewhere it becomes its current value in the dashboard, or {@code 1m} inside a range and
 * {@code 1} outside one. Only the dashboard's declared variables are replaced: {@code $1} in a label_replace
 * stays, and so does an undeclared {@code $typo}, which Prometheus then refuses as Grafana's query would fail.
 */
final class GrafanaVariables {

    private static final Map<String, String> BUILT_IN = Map.of(
            "__rate_interval", "1m", "__interval", "1m", "__range", "1m",
            "__interval_ms", "60000", "__range_ms", "60000", "__range_s", "60");
    // ${name}, ${name:format}, [[name]], [[name:format]], $name
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\{(\\w+)(?::[^}]*)?}|\\[\\[(\\w+)(?::[^\\]]*)?]]|\\$(\\w+)");

    private final Map<String, String> current;

    /** @param current the dashboard's variables, by name, with their current value (null when it has none) */
    GrafanaVariables(Map<String, String> current) {
        this.current = current;
    }

    String substitute(String query) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int rangeDepth = 0;
        while (i < query.length()) {
            char c = query.charAt(i);
            if (PromqlNames.isQuote(c)) {
                int end = PromqlNames.afterString(query, i);
                String literal = query.substring(i, end);
                String replaced = inString(literal);
                if (!replaced.equals(literal)) {
                    asRegexMatch(out);
                }
                out.append(replaced);
                i = end;
                continue;
            }
            Matcher variable = VARIABLE.matcher(query).region(i, query.length());
            if (variable.lookingAt() && isKnown(name(variable))) {
                out.append(outsideString(name(variable), rangeDepth > 0));
                i = variable.end();
                continue;
            }
            if (c == '[') {
                rangeDepth++;
            } else if (c == ']') {
                rangeDepth = Math.max(0, rangeDepth - 1);
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private String inString(String literal) {
        Matcher variable = VARIABLE.matcher(literal);
        StringBuilder out = new StringBuilder();
        while (variable.find()) {
            String name = name(variable);
            String value = !isKnown(name) ? variable.group() : BUILT_IN.getOrDefault(name, ".*");
            variable.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        variable.appendTail(out);
        return out.toString();
    }

    private String outsideString(String name, boolean inRange) {
        if (BUILT_IN.containsKey(name)) {
            return BUILT_IN.get(name);
        }
        String value = current.get(name);
        if (value == null || value.isBlank() || value.equals("$__all")) {
            return inRange ? "1m" : "1";
        }
        return value;
    }

    /** {@code =} before the string just written becomes {@code =~}, {@code !=} becomes {@code !~}. */
    private static void asRegexMatch(StringBuilder out) {
        int at = out.length() - 1;
        while (at >= 0 && Character.isWhitespace(out.charAt(at))) {
            at--;
        }
        if (at < 0 || out.charAt(at) != '=') {
            return;
        }
        char before = at > 0 ? out.charAt(at - 1) : ' ';
        if (before == '!') {
            out.setCharAt(at, '~');
        } else if (before != '=' && before != '<' && before != '>') {
            out.insert(at + 1, '~');
        }
    }

    private boolean isKnown(String name) {
        return BUILT_IN.containsKey(name) || current.containsKey(name);
    }

    private static String name(Matcher variable) {
        for (int group = 1; group <= 3; group++) {
            if (variable.group(group) != null) {
                return variable.group(group);
            }
        }
        throw new IllegalStateException(variable.group());
    }
}
