package kz.kaspibridge.webhookingress.intake;

/** The result of reading a verified body: a known delivery event, an unknown type, or invalid. */
public sealed interface ParsedBody permits ParsedBody.Known, ParsedBody.UnknownType, ParsedBody.Invalid {

    record Known(DeliveryWebhook webhook) implements ParsedBody {
    }

    /** A well-formed envelope ({@code eventId}, {@code type}, {@code attempt}) of a type we do not know. */
    record UnknownType(String eventId, String type, int attempt) implements ParsedBody {
    }

    /** {@code problem} names the field and the rule, never the value. */
    record Invalid(String problem) implements ParsedBody {
    }
}
