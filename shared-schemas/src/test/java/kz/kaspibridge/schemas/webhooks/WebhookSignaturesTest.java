package kz.kaspibridge.schemas.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Standard Webhooks scheme as sender and receiver share it. Secrets here are fake. */
class WebhookSignaturesTest {

    private static final byte[] OLD_KEY = WebhookSignatures.decodeSecret(fake("fake-old-key-for-tests-only"));
    private static final byte[] NEW_KEY = WebhookSignatures.decodeSecret(fake("fake-new-key-for-tests-only"));
    private static final byte[] BODY = "{\"eventId\":\"wh_1\"}".getBytes(StandardCharsets.UTF_8);
    private static final long TS = 1_718_190_322L;

    @Test
    void matchesThePublishedStandardWebhooksExample() {
        // The example of the Standard Webhooks reference libraries.
        byte[] key = WebhookSignatures.decodeSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        byte[] payload = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookSignatures.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, payload))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aSignatureVerifiesOnlyForItsOwnIdTimestampAndExactBytes() {
        String signature = WebhookSignatures.sign(NEW_KEY, "wh_1", TS, BODY);
        byte[] reencoded = "{ \"eventId\": \"wh_1\" }".getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookSignatures.verify(List.of(NEW_KEY), "wh_1", Long.toString(TS), BODY, signature)).isTrue();
        assertThat(WebhookSignatures.verify(List.of(NEW_KEY), "wh_2", Long.toString(TS), BODY, signature)).isFalse();
        assertThat(WebhookSignatures.verify(List.of(NEW_KEY), "wh_1", Long.toString(TS + 1), BODY, signature))
                .isFalse();
        assertThat(WebhookSignatures.verify(List.of(NEW_KEY), "wh_1", Long.toString(TS), reencoded, signature))
                .isFalse();
    }

    @Test
    void duringRotationEitherSecretAndEitherListedSignaturePasses() {
        String byOld = WebhookSignatures.sign(OLD_KEY, "wh_1", TS, BODY);
        String byNew = WebhookSignatures.sign(NEW_KEY, "wh_1", TS, BODY);
        List<byte[]> both = List.of(OLD_KEY, NEW_KEY);

        assertThat(verify(both, byOld)).isTrue();
        assertThat(verify(both, byNew)).isTrue();
        assertThat(verify(List.of(NEW_KEY, OLD_KEY), byOld)).as("key order does not matter").isTrue();
        assertThat(verify(List.of(NEW_KEY), byOld + " " + byNew)).as("the sender lists both").isTrue();
        assertThat(verify(List.of(NEW_KEY), byOld)).as("once the old secret is removed").isFalse();
    }

    @Test
    void theCompareIsOverTheWholeMacNotAPrefix() {
        String signature = WebhookSignatures.sign(NEW_KEY, "wh_1", TS, BODY);
        byte[] mac = Base64.getDecoder().decode(signature.substring(3));
        byte[] lastByteFlipped = mac.clone();
        lastByteFlipped[mac.length - 1] ^= 1;
        byte[] truncated = java.util.Arrays.copyOf(mac, mac.length - 1);
        byte[] extended = java.util.Arrays.copyOf(mac, mac.length + 1);

        assertThat(verify(List.of(NEW_KEY), "v1," + encode(lastByteFlipped))).isFalse();
        assertThat(verify(List.of(NEW_KEY), "v1," + encode(truncated))).isFalse();
        assertThat(verify(List.of(NEW_KEY), "v1," + encode(extended))).isFalse();
        assertThat(verify(List.of(NEW_KEY), "v1,")).isFalse();
    }

    @Test
    void everyCandidateIsLookedAtSoJunkBeforeOrAfterAMatchChangesNothing() {
        String signature = WebhookSignatures.sign(NEW_KEY, "wh_1", TS, BODY);

        assertThat(verify(List.of(NEW_KEY), "v1,%%%notbase64 nocomma " + signature + " v1,AAAA")).isTrue();
        assertThat(verify(List.of(NEW_KEY), "  " + signature + "   ")).isTrue();
        assertThat(verify(List.of(NEW_KEY), signature.replace("v1,", "v2,"))).as("unknown versions are ignored")
                .isFalse();
    }

    @Test
    void missingInputsNeverVerify() {
        String signature = WebhookSignatures.sign(NEW_KEY, "wh_1", TS, BODY);

        assertThat(WebhookSignatures.verify(List.of(), "wh_1", Long.toString(TS), BODY, signature)).isFalse();
        assertThat(WebhookSignatures.verify(List.of(NEW_KEY), null, Long.toString(TS), BODY, signature)).isFalse();
        assertThat(WebhookSignatures.verify(List.of(NEW_KEY), "wh_1", null, BODY, signature)).isFalse();
        assertThat(WebhookSignatures.verify(List.of(NEW_KEY), "wh_1", Long.toString(TS), null, signature)).isFalse();
        assertThat(WebhookSignatures.verify(List.of(NEW_KEY), "wh_1", Long.toString(TS), BODY, null)).isFalse();
        assertThat(WebhookSignatures.verify(List.of(NEW_KEY), "wh_1", Long.toString(TS), BODY, "")).isFalse();
    }

    @Test
    void secretsDecodeWithOrWithoutThePrefixAndBadOnesFailWithoutBeingEchoed() {
        String encoded = Base64.getEncoder().encodeToString("fake-new-key-for-tests-only".getBytes(StandardCharsets.UTF_8));

        assertThat(WebhookSignatures.decodeSecret(encoded)).isEqualTo(NEW_KEY);
        assertThatThrownBy(() -> WebhookSignatures.decodeSecret(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookSignatures.decodeSecret(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookSignatures.decodeSecret(fake("short")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter than 16 bytes");
        assertThatThrownBy(() -> WebhookSignatures.decodeSecret("whsec_not*base64*secret-value"))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not*base64*secret-value"));
    }

    private static boolean verify(List<byte[]> keys, String header) {
        return WebhookSignatures.verify(keys, "wh_1", Long.toString(TS), BODY, header);
    }

    private static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String fake(String text) {
        return "whsec_" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
