package kz.kaspibridge.webhookingress.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import kz.kaspibridge.webhookingress.intake.DeliveryState;
import kz.kaspibridge.webhookingress.intake.DeliveryWebhook;
import kz.kaspibridge.webhookingress.intake.ParsedBody;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The strict reading of a delivery webhook body: what passes, and each way it can fail. */
class WebhookBodyParserTest {

    private static final String VALID = """
            {"eventId":"wh_01","type":"delivery.delivered","attempt":2,"data":{"deliveryId":"dlv_1",\
            "externalOrderId":"order-7","status":"delivered","timestamp":"2024-06-12T11:05:22Z"}}""";

    private final WebhookBodyParser parser = new WebhookBodyParser();

    @Test
    void aValidBodyOfAKnownTypeIsReadWhole() {
        ParsedBody parsed = parse(VALID);

        assertThat(parsed).isEqualTo(new ParsedBody.Known(new DeliveryWebhook("wh_01", "delivery.delivered", 2,
                "dlv_1", "order-7", DeliveryState.DELIVERED, Instant.parse("2024-06-12T11:05:22Z"))));
    }

    @Test
    void extraFieldsAreToleratedSoKaspiMayAddSome() {
        String withExtras = VALID.replace("\"attempt\":2", "\"attempt\":2,\"new\":{\"x\":[1,2]}")
                .replace("\"status\":\"delivered\"", "\"status\":\"delivered\",\"courier\":\"c1\"");

        assertThat(parse(withExtras)).isInstanceOf(ParsedBody.Known.class);
    }

    @Test
    void aWellFormedEnvelopeOfAnUnknownTypeIsReadWithoutItsData() {
        String unknown = "{\"eventId\":\"wh_02\",\"type\":\"delivery.rescheduled\",\"attempt\":1,\"data\":\"anything\"}";

        assertThat(parse(unknown)).isEqualTo(new ParsedBody.UnknownType("wh_02", "delivery.rescheduled", 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "nope", "{", "{\"eventId\":", "[]", "null", "42", "\"text\"",
            "{\"eventId\":\"a\"} trailing", "{\"eventId\":\"a\"}{\"eventId\":\"b\"}"})
    void malformedJsonOrANonObjectIsInvalid(String body) {
        assertThat(parse(body)).isInstanceOf(ParsedBody.Invalid.class);
    }

    @Test
    void duplicateKeysAreInvalidSoTwoReadersCannotDisagreeOnAValue() {
        String twice = VALID.replace("\"attempt\":2", "\"attempt\":2,\"eventId\":\"wh_other\"");

        assertThat(parse(twice)).isInstanceOf(ParsedBody.Invalid.class);
    }

    @Test
    void bytesThatAreNotUtf8AreInvalid() {
        byte[] body = VALID.getBytes(StandardCharsets.UTF_8);
        body[12] = (byte) 0xC3;
        body[13] = (byte) 0x28;

        assertThat(parser.parse(body)).isInstanceOf(ParsedBody.Invalid.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"eventId\":\"wh_01\"|\"eventId\":\"\"|eventId",
            "\"eventId\":\"wh_01\"|\"eventId\":\"wh 01\"|eventId",
            "\"eventId\":\"wh_01\"|\"eventId\":7|eventId",
            "\"eventId\":\"wh_01\"|\"eventId\":\"-starts-with-dash\"|eventId",
            "\"type\":\"delivery.delivered\"|\"type\":\"Delivery.Delivered\"|type",
            "\"type\":\"delivery.delivered\"|\"type\":\"delivered\"|type",
            "\"attempt\":2|\"attempt\":0|attempt",
            "\"attempt\":2|\"attempt\":10001|attempt",
            "\"attempt\":2|\"attempt\":1.5|attempt",
            "\"attempt\":2|\"attempt\":\"2\"|attempt",
            "\"attempt\":2|\"attempt\":99999999999999999999|attempt",
            "\"deliveryId\":\"dlv_1\"|\"deliveryId\":null|data.deliveryId",
            "\"externalOrderId\":\"order-7\"|\"externalOrderId\":[\"order-7\"]|data.externalOrderId",
            "\"status\":\"delivered\"|\"status\":\"lost\"|data.status",
            "\"status\":\"delivered\"|\"status\":\"DELIVERED\"|data.status",
            "\"2024-06-12T11:05:22Z\"|\"yesterday\"|data.timestamp",
            "\"2024-06-12T11:05:22Z\"|\"2024-06-12\"|data.timestamp"})
    void eachFieldRuleNamesTheFieldAndNeverEchoesTheValue(String valid, String broken, String field) {
        ParsedBody parsed = parse(VALID.replace(valid, broken));

        assertThat(parsed).isInstanceOf(ParsedBody.Invalid.class);
        String problem = ((ParsedBody.Invalid) parsed).problem();
        assertThat(problem).startsWith(field + " must be");
        assertThat(problem).doesNotContain("wh 01", "lost", "yesterday", "10001", "order-7");
    }

    @Test
    void identifiersAreBoundedAt128Characters() {
        String longest = "a".repeat(128);
        String tooLong = "a".repeat(129);

        assertThat(parse(VALID.replace("wh_01", longest))).isInstanceOf(ParsedBody.Known.class);
        assertThat(parse(VALID.replace("order-7", tooLong))).isInstanceOf(ParsedBody.Invalid.class);
    }

    @Test
    void anOversizedTimestampIsRefusedBeforeItIsParsed() {
        String padded = "2024-06-12T11:05:22." + "0".repeat(100) + "Z";

        assertThat(parse(VALID.replace("2024-06-12T11:05:22Z", padded))).isInstanceOf(ParsedBody.Invalid.class);
    }

    @Test
    void missingOrNonObjectDataIsInvalidForAKnownType() {
        String noData = "{\"eventId\":\"wh_03\",\"type\":\"delivery.created\",\"attempt\":1}";
        String arrayData = "{\"eventId\":\"wh_03\",\"type\":\"delivery.created\",\"attempt\":1,\"data\":[]}";

        assertThat(parse(noData)).isEqualTo(new ParsedBody.Invalid("data must be an object"));
        assertThat(parse(arrayData)).isEqualTo(new ParsedBody.Invalid("data must be an object"));
    }

    @Test
    void deeplyNestedInputIsInvalidNotACrash() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        String deepField = VALID.replace("\"attempt\":2", "\"attempt\":2,\"x\":" + deep);

        assertThat(parse(deep)).isInstanceOf(ParsedBody.Invalid.class);
        // Jackson's nesting limit refuses it rather than overflowing the stack.
        assertThat(parse(deepField)).isInstanceOf(ParsedBody.Invalid.class);
    }

    private ParsedBody parse(String body) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }
}
