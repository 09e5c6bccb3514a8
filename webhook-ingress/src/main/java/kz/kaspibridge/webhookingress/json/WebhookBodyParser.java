package kz.kaspibridge.webhookingress.json;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;
import kz.kaspibridge.webhookingress.intake.DeliveryState;
import kz.kaspibridge.webhookingress.intake.DeliveryWebhook;
import kz.kaspibridge.webhookingress.intake.ParsedBody;
import kz.kaspibridge.webhookingress.intake.WebhookBodies;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code {eventId, type, attempt, data{deliveryId, externalOrderId, status, timestamp}}}
 * strictly: duplicate keys, trailing tokens, wrong types, unknown statuses and over-long or odd
 * identifiers are all schema violations. Extra fields are tolerated, so Kaspi may add some.
 * The JSON adapter of the intake: the only place that knows the body is JSON.
 */
public final class WebhookBodyParser implements WebhookBodies {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:\\-]{0,127}");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{0,31}(\\.[a-z0-9_]{1,32}){1,3}");
    private static final int MAX_ATTEMPT = 10_000;

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    @Override
    public ParsedBody parse(byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            return new ParsedBody.Invalid("body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            return new ParsedBody.Invalid("body must be a JSON object");
        }
        Optional<String> eventId = identifier(root, "eventId");
        if (eventId.isEmpty()) {
            return invalid("eventId", "a string of 1-128 letters, digits or ._:-");
        }
        Optional<String> type = text(root, "type").filter(t -> TYPE.matcher(t).matches());
        if (type.isEmpty()) {
            return invalid("type", "a dotted lowercase event type such as delivery.delivered");
        }
        JsonNode attempt = root.get("attempt");
        if (attempt == null || !attempt.isIntegralNumber() || !attempt.canConvertToInt()
                || attempt.intValue() < 1 || attempt.intValue() > MAX_ATTEMPT) {
            return invalid("attempt", "an integer from 1 to " + MAX_ATTEMPT);
        }
        if (!DeliveryState.isKnownEventType(type.get())) {
            return new ParsedBody.UnknownType(eventId.get(), type.get(), attempt.intValue());
        }
        return parseData(root.get("data"), eventId.get(), type.get(), attempt.intValue());
    }

    private ParsedBody parseData(JsonNode data, String eventId, String type, int attempt) {
        if (data == null || !data.isObject()) {
            return invalid("data", "an object");
        }
        Optional<String> deliveryId = identifier(data, "deliveryId");
        if (deliveryId.isEmpty()) {
            return invalid("data.deliveryId", "a string of 1-128 letters, digits or ._:-");
        }
        Optional<String> orderCode = identifier(data, "externalOrderId");
        if (orderCode.isEmpty()) {
            return invalid("data.externalOrderId", "a string of 1-128 letters, digits or ._:-");
        }
        Optional<DeliveryState> status = text(data, "status").flatMap(DeliveryState::fromWire);
        if (status.isEmpty()) {
            return invalid("data.status", "one of created, accepted, in_transit, out_for_delivery, delivered, cancelled");
        }
        Optional<Instant> statusAt = text(data, "timestamp").flatMap(WebhookBodyParser::instant);
        if (statusAt.isEmpty()) {
            return invalid("data.timestamp", "an ISO-8601 instant such as 2024-06-12T11:05:22Z");
        }
        return new ParsedBody.Known(new DeliveryWebhook(eventId, type, attempt, deliveryId.get(), orderCode.get(),
                status.get(), statusAt.get()));
    }

    private static ParsedBody invalid(String field, String rule) {
        return new ParsedBody.Invalid(field + " must be " + rule);
    }

    private static Optional<String> identifier(JsonNode parent, String field) {
        return text(parent, field).filter(v -> ID.matcher(v).matches());
    }

    private static Optional<String> text(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node != null && node.isString() ? Optional.of(node.stringValue()) : Optional.empty();
    }

    private static Optional<Instant> instant(String value) {
        if (value.length() > 40) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
