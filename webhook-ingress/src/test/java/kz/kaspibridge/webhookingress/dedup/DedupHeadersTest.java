package kz.kaspibridge.webhookingress.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The dedup headers round-trip, and anything else reads as absent (the record is then decoded). */
class DedupHeadersTest {

    @Test
    void keyAndPartRoundTrip() {
        for (DedupHeaders.Part part : DedupHeaders.Part.values()) {
            RecordHeaders headers = new RecordHeaders();
            DedupHeaders.add(headers, "demo:wh_1", part);

            assertThat(DedupHeaders.key(headers)).contains("demo:wh_1");
            assertThat(DedupHeaders.part(headers)).contains(part);
        }
    }

    @Test
    void missingOrUnknownHeadersReadAsAbsent() {
        RecordHeaders none = new RecordHeaders();
        RecordHeaders unknownPart = new RecordHeaders();
        unknownPart.add(DedupHeaders.KEY, "demo:wh_1".getBytes(StandardCharsets.UTF_8));
        unknownPart.add(DedupHeaders.PART, "marker".getBytes(StandardCharsets.UTF_8));
        RecordHeaders nullValue = new RecordHeaders();
        nullValue.add(DedupHeaders.KEY, null);

        assertThat(DedupHeaders.key(none)).isEmpty();
        assertThat(DedupHeaders.part(none)).isEmpty();
        assertThat(DedupHeaders.part(unknownPart)).isEmpty();
        assertThat(DedupHeaders.key(nullValue)).isEmpty();
    }
}
