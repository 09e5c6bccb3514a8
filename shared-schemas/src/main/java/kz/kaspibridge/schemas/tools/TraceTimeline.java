package kz.kaspibridge.schemas.tools;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * One order's records from every topic keyed by its code, in time order, with what an operator may see of them.
 * Plain Java: the Kafka side ({@link OrderTrace}) hands over each record's fields, and the rules of what is shown
 * live here, where they are tested without a broker.
 *
 * <p>Shown fields are an allow-list ({@link #SHOWN}): a field added to a schema later stays hidden until someone
 * decides it is safe, so a buyer's name, phone, address, a security code or a tracking token can never leak into
 * a terminal or a ticket. Free text (reasons, details, dead-letter messages) is cut short and has long digit runs
 * masked, as a phone number inside a Kaspi error title would otherwise show.
 */
public final class TraceTimeline {

    /** The fields shown, in this order. Everything else (names, phones, addresses, codes, URLs) is left out. */
    static final List<String> SHOWN = List.of("previousStatus", "status", "previousState", "state", "finalStatus",
            "decision", "outcome", "commandType", "reason", "kaspiTitle", "detail", "httpStatus",
            "deliveryId", "webhookType", "attempt", "numberOfSpace", "totalPrice", "entries", "commandId");
    /** The shown fields that are free text, where a phone number or a name could hide; ids and statuses are not. */
    static final Set<String> FREE_TEXT = Set.of("reason", "kaspiTitle", "detail");
    private static final int TEXT_LIMIT = 80;
    private static final Pattern DIGIT_RUN = Pattern.compile("\\+?\\d[\\d \\-()]{7,}\\d");
    private static final Comparator<Entry> IN_TIME = Comparator.comparing(Entry::time)
            .thenComparing(Entry::topic).thenComparingInt(Entry::partition).thenComparingLong(Entry::offset);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One record of the order.
     *
     * @param time            when it happened: the event's {@code occurredAt}, or the record's timestamp when it has
     *                        none (internal topics, undecodable dead letters)
     * @param internal        on a service's internal topic (not a contract)
     * @param eventType       the Avro payload's record name, the internal record's {@code type}, or "undecodable"
     * @param fields          the record's scalar fields as read (lists as their size); only {@link #SHOWN} ones are
     *                        ever printed
     * @param deadLetterError the {@code kafka_dlt-exception-message} header, on a dead-letter topic
     */
    public record Entry(Instant time, String topic, int partition, long offset, boolean internal, String eventType,
                        Optional<String> eventId, Optional<String> causationId, Optional<String> correlationId,
                        Map<String, Object> fields, Optional<String> deadLetterError) {
        public Entry {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(topic, "topic");
            fields = Map.copyOf(fields);
        }

        public boolean deadLetter() {
            return deadLetterError.isPresent() || topic.endsWith("-dlt");
        }
    }

    private final List<Entry> entries;

    private TraceTimeline(List<Entry> entries) {
        this.entries = entries;
    }

    public static TraceTimeline of(Collection<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(IN_TIME);
        return new TraceTimeline(List.copyOf(sorted));
    }

    public List<Entry> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The shown fields of one entry, allow-listed and masked, in {@link #SHOWN} order. */
    static Map<String, String> summary(Entry entry) {
        Map<String, String> shown = new LinkedHashMap<>();
        for (String name : SHOWN) {
            Object value = entry.fields().get(name);
            if (value != null) {
                // Only free text is masked: a command id's digits are not a phone number, and hiding them would
                // make the id useless for finding the command.
                shown.put(name, FREE_TEXT.contains(name) ? mask(String.valueOf(value)) : String.valueOf(value));
            }
        }
        entry.deadLetterError().ifPresent(error -> shown.put("error", mask(error)));
        return shown;
    }

    /** Free text cut to {@value #TEXT_LIMIT} characters, with phone-like digit runs hidden. */
    static String mask(String text) {
        String masked = DIGIT_RUN.matcher(text.replaceAll("\\s+", " ").strip()).replaceAll("***");
        return masked.length() > TEXT_LIMIT ? masked.substring(0, TEXT_LIMIT - 1) + "…" : masked;
    }

    /** A table for a terminal; ids are cut to 8 characters, which is enough to match a causation to its event. */
    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TIME", "TOPIC", "EVENT", "EVENT ID", "CAUSATION", "CORRELATION", "SUMMARY"});
        for (Entry entry : entries) {
            rows.add(new String[] {entry.time().truncatedTo(ChronoUnit.MILLIS).toString(), entry.topic(),
                    eventColumn(entry), shortId(entry.eventId()), shortId(entry.causationId()),
                    shortId(entry.correlationId()), summaryText(entry)});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : pad(row[i], widths[i] + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** One JSON object per entry, full ids, for {@code jq}. */
    public List<String> jsonLines() {
        List<String> lines = new ArrayList<>();
        for (Entry entry : entries) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("time", entry.time().toString());
            json.put("topic", entry.topic());
            json.put("partition", entry.partition());
            json.put("offset", entry.offset());
            json.put("internal", entry.internal());
            json.put("deadLetter", entry.deadLetter());
            json.put("event", entry.eventType());
            json.put("eventId", entry.eventId().orElse(null));
            json.put("causationId", entry.causationId().orElse(null));
            json.put("correlationId", entry.correlationId().orElse(null));
            json.put("summary", summary(entry));
            lines.add(JSON.writeValueAsString(json));
        }
        return lines;
    }

    /** An internal record is marked where the eye reads its type: it is not a contract, and may change shape. */
    private static String eventColumn(Entry entry) {
        return (entry.internal() ? "internal:" : "") + entry.eventType();
    }

    private static String summaryText(Entry entry) {
        StringBuilder text = new StringBuilder();
        summary(entry).forEach((name, value) -> text.append(text.isEmpty() ? "" : " ").append(name).append('=')
                .append(value.contains(" ") ? '"' + value + '"' : value));
        return text.toString();
    }

    private static String shortId(Optional<String> id) {
        return id.map(value -> value.length() > 8 ? value.substring(0, 8) : value).orElse("-");
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
