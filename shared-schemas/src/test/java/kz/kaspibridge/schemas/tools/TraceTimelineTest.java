package kz.kaspibridge.schemas.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TraceTimelineTest {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    @Test
    void entriesFromManyTopicsAreSortedByTimeThenTopicAndOffset() {
        TraceTimeline timeline = TraceTimeline.of(List.of(
                entry(T0.plusSeconds(2), "kaspi.order-results", 4, "OrderAccepted", Map.of()),
                entry(T0, "kaspi.orders", 7, "OrderReceived", Map.of()),
                entry(T0.plusSeconds(1), "kaspi.order-commands", 1, "AcceptOrder", Map.of()),
                entry(T0.plusSeconds(1), "kaspi.delivery-commands", 9, "BookDelivery", Map.of())));

        assertThat(timeline.entries()).extracting(TraceTimeline.Entry::eventType)
                .containsExactly("OrderReceived", "BookDelivery", "AcceptOrder", "OrderAccepted");
    }

    @Test
    void onlyAllowListedFieldsAreShownSoANewFieldStaysHiddenUntilDecidedSafe() {
        Map<String, String> shown = TraceTimeline.summary(entry(T0, "kaspi.orders", 0, "OrderReceived", Map.of(
                "status", "APPROVED_BY_BANK", "state", "KASPI_DELIVERY", "totalPrice", "452000", "entries", 2,
                "firstName", "Айгерим", "cellPhone", "7750000000", "formattedAddress", "Алматы, Абая 10",
                "securityCode", "1234", "trackingUrl", "https://track.example/t0k3n")));

        assertThat(shown).containsExactly(Map.entry("status", "APPROVED_BY_BANK"),
                Map.entry("state", "KASPI_DELIVERY"), Map.entry("totalPrice", "452000"), Map.entry("entries", "2"));
    }

    @Test
    void freeTextHasPhoneLikeDigitRunsMaskedAndIsCutShort() {
        assertThat(TraceTimeline.mask("buyer asked to call +7 (701) 123-45-67 after 4 tries"))
                .isEqualTo("buyer asked to call *** after 4 tries");
        assertThat(TraceTimeline.mask("x".repeat(200))).hasSize(80).endsWith("…");
        assertThat(TraceTimeline.mask("order 790318454 is cancelled")).isEqualTo("order *** is cancelled");
    }

    @Test
    void aDeadLetterShowsItsErrorMaskedAndIsFlagged() {
        TraceTimeline.Entry dead = new TraceTimeline.Entry(T0, "kaspi.order-commands-dlt", 3, 12, false, "CancelOrder",
                Optional.of("e8"), Optional.empty(), Optional.of("flow"), Map.of("reason", "BUYER_NOT_REACHABLE"),
                Optional.of("Kaspi said: call 87011234567"));

        assertThat(dead.deadLetter()).isTrue();
        assertThat(TraceTimeline.summary(dead)).containsEntry("reason", "BUYER_NOT_REACHABLE")
                .containsEntry("error", "Kaspi said: call ***");
    }

    @Test
    void idsAreShownWhole() {
        // A command id holds digit runs a phone-number mask would take for one (seen on the local stack).
        TraceTimeline.Entry book = new TraceTimeline.Entry(T0, "kaspi.delivery-commands", 1, 4, false,
                "BookDelivery", Optional.of("e9"), Optional.empty(), Optional.empty(),
                Map.of("commandId", "42da0f7e-5b1f-3771-9d2a-bc30d88f75f1", "deliveryId", "dlv_20261206123456"),
                Optional.empty());

        assertThat(TraceTimeline.summary(book)).containsEntry("commandId", "42da0f7e-5b1f-3771-9d2a-bc30d88f75f1")
                .containsEntry("deliveryId", "dlv_20261206123456");
    }

    @Test
    void theTableShowsShortIdsAndMarksInternalRecords() {
        TraceTimeline timeline = TraceTimeline.of(List.of(
                new TraceTimeline.Entry(T0, "kaspi.orders", 2, 5, false, "OrderReceived",
                        Optional.of("0d6c1f7a-8f43-5e2b-9d1a-3f2a9c0e4b11"), Optional.empty(),
                        Optional.of("0d6c1f7a-8f43-5e2b-9d1a-3f2a9c0e4b11"), Map.of("status", "APPROVED_BY_BANK"),
                        Optional.empty()),
                new TraceTimeline.Entry(T0.plusSeconds(1), "delivery-gateway.requests", 2, 9, true, "BOOK",
                        Optional.empty(), Optional.empty(), Optional.empty(), Map.of("detail", "two words"),
                        Optional.empty())));

        assertThat(timeline.table()).isEqualTo("""
                TIME                  TOPIC                      EVENT          EVENT ID  CAUSATION  CORRELATION  SUMMARY
                2026-11-25T08:00:00Z  kaspi.orders               OrderReceived  0d6c1f7a  -          0d6c1f7a     status=APPROVED_BY_BANK
                2026-11-25T08:00:01Z  delivery-gateway.requests  internal:BOOK  -         -          -            detail="two words"
                """);
        assertThat(timeline.jsonLines().get(1)).isEqualTo("{\"time\":\"2026-11-25T08:00:01Z\","
                + "\"topic\":\"delivery-gateway.requests\",\"partition\":2,\"offset\":9,\"internal\":true,"
                + "\"deadLetter\":false,\"event\":\"BOOK\",\"eventId\":null,\"causationId\":null,"
                + "\"correlationId\":null,\"summary\":{\"detail\":\"two words\"}}");
    }

    private static TraceTimeline.Entry entry(Instant time, String topic, long offset, String type,
                                             Map<String, Object> fields) {
        return new TraceTimeline.Entry(time, topic, 0, offset, false, type, Optional.empty(), Optional.empty(),
                Optional.empty(), fields, Optional.empty());
    }
}
