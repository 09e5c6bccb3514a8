package kz.kaspibridge.webhookingress;

import static kz.kaspibridge.webhookingress.IngressApp.DEMO_PATH;
import static kz.kaspibridge.webhookingress.SignedWebhooks.NEW_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever the body and headers, while the broker is up the answer is never 5xx and the
 * service stays up. Inputs are generated from a logged seed (rerun one with -Dfuzz.seed=N): random
 * bytes, mutated valid bodies signed correctly (so they reach the parser), and hostile headers.
 */
class WebhookFuzzIT {

    private static final int TRIES = 400;
    private static final List<String> JSON_BITS = List.of("{", "}", "[", "]", ",", ":", "\"", "\\u0000", "null",
            "true", "1e999999", "-0", "\"eventId\"", "\"type\"", "\"attempt\"", "\"data\"", "\"status\"",
            "\"delivery.delivered\"", "\"delivered\"", "\"\uD83D\"", "[[[[[[[[", "9223372036854775808", "\u00e9");
    private static IngressApp app;
    private static WebhookClient client;

    @BeforeAll
    static void start() {
        app = IngressApp.start(Map.of());
        client = new WebhookClient(app.baseUrl());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void noInputMakesTheServiceAnswer5xxOrDie() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int i = 0; i < TRIES; i++) {
            byte[] body = body(random);
            SignedWebhooks.Headers headers = headers(random, body);
            int status = client.post(DEMO_PATH, headers, body).getStatus().value();
            assertThat(status).as("seed %d try %d", seed, i).isIn(200, 202, 400, 401, 413, 429);
        }
        assertThat(app.context().isActive()).isTrue();
        client.http().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    }

    private static byte[] body(Random random) {
        switch (random.nextInt(4)) {
            case 0: {
                byte[] bytes = new byte[random.nextInt(2048)];
                random.nextBytes(bytes);
                return bytes;
            }
            case 1: {
                StringBuilder json = new StringBuilder();
                for (int i = random.nextInt(40); i > 0; i--) {
                    json.append(JSON_BITS.get(random.nextInt(JSON_BITS.size())));
                }
                return json.toString().getBytes(StandardCharsets.UTF_8);
            }
            default: {
                String valid = SignedWebhooks.body(SignedWebhooks.uniqueEventId(), "Z" + random.nextInt(100), "delivered");
                StringBuilder mutated = new StringBuilder(valid);
                for (int i = random.nextInt(4); i > 0; i--) {
                    int at = random.nextInt(mutated.length());
                    String bit = JSON_BITS.get(random.nextInt(JSON_BITS.size()));
                    if (random.nextBoolean()) {
                        mutated.replace(at, Math.min(mutated.length(), at + bit.length()), bit);
                    } else {
                        mutated.insert(at, bit);
                    }
                }
                return mutated.toString().getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    private static SignedWebhooks.Headers headers(Random random, byte[] body) {
        String id = random.nextBoolean() ? SignedWebhooks.uniqueEventId() : "id " + random.nextInt();
        Instant at = Instant.now().plusSeconds(random.nextInt(1200) - 600);
        switch (random.nextInt(5)) {
            case 0:
                return new SignedWebhooks.Headers(id, Long.toString(random.nextLong()), "v1," + random.nextInt());
            case 1:
                return new SignedWebhooks.Headers(id, "not-a-number", "v1,,,, v2,x v1");
            default: {
                // Correctly signed over the exact bytes, so the request reaches schema validation.
                var signed = SignedWebhooks.sign(NEW_SECRET, id, at, "");
                String signature = kz.kaspibridge.schemas.webhooks.WebhookSignatures.sign(
                        kz.kaspibridge.schemas.webhooks.WebhookSignatures.decodeSecret(NEW_SECRET), id,
                        at.getEpochSecond(), body);
                return new SignedWebhooks.Headers(signed.id(), signed.timestamp(),
                        random.nextBoolean() ? signature : "v1,garbage " + signature + " v0,x");
            }
        }
    }
}
