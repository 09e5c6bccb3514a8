package kz.kaspibridge.deploy.live;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, found by a small scanner rather than a parser: Prometheus itself
 * tells whether an expression parses, this only has to find the names so that each can be checked against what
 * the services expose. Skipped: string literals, label matchers {@code {…}} (except {@code __name__="x"}), the label
 * lists of {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left}, {@code group_right},
 * ranges and subqueries {@code [5m:1m]}, numbers and durations, comments, keywords, and every identifier followed
 * by {@code (} (a function or an aggregation). What is left are metric names. A regex {@code __name__=~"…"} names
 * no metric in particular and is not reported.
 */
final class PromqlNames {

    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    // atan2 is a binary operator written as a word; inf and nan are number literals.
    private static final Set<String> KEYWORDS = Set.of("bool", "and", "or", "unless", "offset", "atan2", "inf",
            "nan");
    private static final Pattern NAME_MATCHER = Pattern.compile("__name__\\s*(=~|!=|!~|=)\\s*([\"'`])(.*?)\\2");

    private PromqlNames() {
    }

    static Set<String> of(String expression) {
        Set<String> names = new TreeSet<>();
        int i = 0;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (isQuote(c)) {
                i = afterString(expression, i);
            } else if (c == '#') {
                int end = expression.indexOf('\n', i);
                i = end < 0 ? expression.length() : end;
            } else if (c == '{') {
                int end = afterClosing(expression, i, '{', '}');
                names.addAll(exactNames(expression.substring(i, end)));
                i = end;
            } else if (c == '[') {
                i = afterClosing(expression, i, '[', ']');
            } else if (Character.isDigit(c) || c == '.' && i + 1 < expression.length()
                    && Character.isDigit(expression.charAt(i + 1))) {
                i = afterNumber(expression, i);
            } else if (isIdentifierStart(c)) {
                i = identifier(expression, i, names);
            } else {
                i++;
            }
        }
        return names;
    }

    /** Reads the identifier at {@code start}, adds it if it is a metric name, returns where scanning goes on. */
    private static int identifier(String expression, int start, Set<String> names) {
        int end = start + 1;
        while (end < expression.length() && isIdentifierPart(expression.charAt(end))) {
            end++;
        }
        String word = expression.substring(start, end);
        String keyword = word.toLowerCase(Locale.ROOT);
        int next = end;
        while (next < expression.length() && Character.isWhitespace(expression.charAt(next))) {
            next++;
        }
        // An aggregation may put its grouping first: sum by (le) (…), count without (job) (…).
        boolean call = next < expression.length() && expression.charAt(next) == '('
                || isWord(expression, next, "by") || isWord(expression, next, "without");
        if (LABEL_LISTS.contains(keyword)) {
            return call ? afterClosing(expression, next, '(', ')') : end;
        }
        if (!KEYWORDS.contains(keyword) && !call) {
            names.add(word);
        }
        return end;
    }

    private static boolean isWord(String expression, int at, String word) {
        int end = at + word.length();
        return expression.regionMatches(true, at, word, 0, word.length())
                && (end == expression.length() || !isIdentifierPart(expression.charAt(end)));
    }

    private static Set<String> exactNames(String matchers) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = NAME_MATCHER.matcher(matchers);
        while (matcher.find()) {
            if (matcher.group(1).equals("=")) {
                names.add(matcher.group(3));
            }
        }
        return names;
    }

    /** The index after the bracket that closes the one at {@code open}; strings inside may hold brackets. */
    static int afterClosing(String expression, int open, char opening, char closing) {
        int depth = 0;
        int i = open;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (isQuote(c)) {
                i = afterString(expression, i);
                continue;
            }
            if (c == opening) {
                depth++;
            } else if (c == closing && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        return expression.length();  // unbalanced: Prometheus reports that; nothing more to find here
    }

    /** The index after the string literal starting at {@code start}; backticks are raw, the others escape. */
    static int afterString(String expression, int start) {
        char quote = expression.charAt(start);
        int i = start + 1;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
                continue;
            }
            if (c == quote) {
                return i + 1;
            }
            i++;
        }
        return expression.length();
    }

    /** Numbers, hex, exponents and durations ({@code 0.99}, {@code 0x1f}, {@code 1e-3}, {@code 1h30m}). */
    private static int afterNumber(String expression, int start) {
        int i = start;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            boolean signedExponent = (c == '+' || c == '-') && i > start
                    && (expression.charAt(i - 1) == 'e' || expression.charAt(i - 1) == 'E')
                    && !expression.substring(start, i).toLowerCase(Locale.ROOT).startsWith("0x");
            if (Character.isLetterOrDigit(c) || c == '.' || c == '_' || signedExponent) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '`';
    }

    private static boolean isIdentifierStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || c >= '0' && c <= '9';
    }
}
