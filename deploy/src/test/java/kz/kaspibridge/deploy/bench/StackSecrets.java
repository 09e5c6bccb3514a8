package kz.kaspibridge.deploy.bench;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/** The secrets one merchant's stack needs, new for each run, in the formats the services check. */
record StackSecrets(String token, String webhookSecret, String deliveryApiKey) {

    private static final SecureRandom RANDOM = new SecureRandom();

    static StackSecrets generate() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new StackSecrets("bench-" + UUID.randomUUID(), "whsec_" + Base64.getEncoder().encodeToString(key),
                "bench-" + UUID.randomUUID());
    }

    @Override
    public String toString() {
        return "StackSecrets[***]";
    }
}
