package kz.kaspibridge.deploy.bench;

import java.security.SecureRandom;
import java.util.Base64;

/** The secrets one merchant's stack needs, generated for each run as run-local generates them. */
record StackSecrets(String token, String webhookSecret, String deliveryApiKey) {

    private static final SecureRandom RANDOM = new SecureRandom();

    static StackSecrets generate() {
        return new StackSecrets("bench-" + random(18), "whsec_" + Base64.getEncoder().encodeToString(bytes(32)),
                "bench-" + random(12));
    }

    private static String random(int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(bytes));
    }

    private static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    @Override
    public String toString() {
        return "StackSecrets[***]";
    }
}
