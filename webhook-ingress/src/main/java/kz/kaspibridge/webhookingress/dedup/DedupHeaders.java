package kz.kaspibridge.webhookingress.dedup;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Two headers on every report and archive record the intake writes: the dedup key and which part
 * of the webhook the record is. The dedup store reads them instead of decoding each record's Avro
 * value and parsing its body, which on a busy instance is most of what reading back costs.
 * Records without them (older versions, other writers) are decoded instead.
 */
public final class DedupHeaders {

    static final String KEY = "kaspi-dedup-key";
    static final String PART = "kaspi-dedup-part";

    /** Which record of a webhook this is. */
    public enum Part {
        REPORT("report"),
        /** The archived request of a known delivery event, which also has a report. */
        ARCHIVE_WITH_REPORT("archive"),
        /** The archived request of an unknown type: the only record. */
        ARCHIVE_ONLY("archive-only");

        private final String wire;

        Part(String wire) {
            this.wire = wire;
        }

        static Optional<Part> fromWire(String value) {
            for (Part part : values()) {
                if (part.wire.equals(value)) {
                    return Optional.of(part);
                }
            }
            return Optional.empty();
        }
    }

    private DedupHeaders() {
    }

    public static Headers add(Headers headers, String dedupKey, Part part) {
        return headers.add(KEY, dedupKey.getBytes(StandardCharsets.UTF_8))
                .add(PART, part.wire.getBytes(StandardCharsets.UTF_8));
    }

    /** The key and part, if the record carries both. */
    static Optional<String> key(Headers headers) {
        return text(headers.lastHeader(KEY));
    }

    static Optional<Part> part(Headers headers) {
        return text(headers.lastHeader(PART)).flatMap(Part::fromWire);
    }

    private static Optional<String> text(Header header) {
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
