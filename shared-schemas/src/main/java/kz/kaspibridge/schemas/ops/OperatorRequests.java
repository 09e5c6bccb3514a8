package kz.kaspibridge.schemas.ops;

import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON of operators' requests ({@code kaspi-ops repoll}, {@code kaspi-ops rebuild-feed}): written by the tool,
 * read by one service, so plain JSON on that service's internal topic rather than an Avro contract, but spelled in
 * one place so the tool and the service cannot disagree. Unknown fields are ignored, so an older service reads a
 * newer tool's request.
 */
public final class OperatorRequests {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private OperatorRequests() {
    }

    /**
     * Re-poll a merchant's orders created from {@code from} on.
     *
     * @param requestedAt when the operator asked: a request older than the last one applied is refused
     */
    public record Repoll(Instant from, Instant requestedAt) {
        public String toJson() {
            return JSON.writeValueAsString(new RepollJson(from.toEpochMilli(), requestedAt.toEpochMilli()));
        }

        /** @throws IllegalArgumentException when the text is not such a request */
        public static Repoll fromJson(String json) {
            try {
                RepollJson read = JSON.readValue(json, RepollJson.class);
                if (read.fromMillis() == null || read.requestedAtMillis() == null) {
                    throw new IllegalArgumentException("a re-poll request needs fromMillis and requestedAtMillis");
                }
                return new Repoll(Instant.ofEpochMilli(read.fromMillis()), Instant.ofEpochMilli(read.requestedAtMillis()));
            } catch (JacksonException e) {
                throw new IllegalArgumentException("not a re-poll request: " + e.getOriginalMessage(), e);
            }
        }
    }

    /** Rebuild a merchant's price list now, on every instance. */
    public record FeedRebuild(Instant requestedAt) {
        public String toJson() {
            return JSON.writeValueAsString(new FeedRebuildJson(requestedAt.toEpochMilli()));
        }

        /** @throws IllegalArgumentException when the text is not such a request */
        public static FeedRebuild fromJson(String json) {
            try {
                FeedRebuildJson read = JSON.readValue(json, FeedRebuildJson.class);
                if (read.requestedAtMillis() == null) {
                    throw new IllegalArgumentException("a rebuild request needs requestedAtMillis");
                }
                return new FeedRebuild(Instant.ofEpochMilli(read.requestedAtMillis()));
            } catch (JacksonException e) {
                throw new IllegalArgumentException("not a rebuild request: " + e.getOriginalMessage(), e);
            }
        }
    }

    record RepollJson(Long fromMillis, Long requestedAtMillis) {
    }

    record FeedRebuildJson(Long requestedAtMillis) {
    }
}
