package kz.kaspibridge.webhookingress.intake;

/**
 * Reads a body into a {@link ParsedBody}. A port: the intake decides when a body is read (only
 * after its size, signature and timestamp passed, so unauthenticated bytes are never parsed) and
 * gets a parsed value back; the JSON adapter ({@code json.WebhookBodyParser}) does the reading.
 */
public interface WebhookBodies {

    ParsedBody parse(byte[] body);
}
