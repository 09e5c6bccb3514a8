package kz.kaspibridge.webhookingress.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import kz.kaspibridge.schemas.webhooks.WebhookSignatures;
import kz.kaspibridge.webhookingress.SignedWebhooks;
import kz.kaspibridge.webhookingress.json.WebhookBodyParser;
import org.junit.jupiter.api.Test;

/** The checks in order and the persist-then-answer rule, with fakes in place of Kafka. */
class WebhookIntakeTest {

    private static final Instant NOW = Instant.parse("2024-06-12T11:06:00Z");
    private final MerchantEndpoint merchant = new MerchantEndpoint("demo", "/hook",
            List.of(WebhookSignatures.decodeSecret(SignedWebhooks.OLD_SECRET),
                    WebhookSignatures.decodeSecret(SignedWebhooks.NEW_SECRET)));
    private final FakeSeen seen = new FakeSeen();
    private final FakeRecords records = new FakeRecords();

    private WebhookIntake intake(int burst) {
        return new WebhookIntake(new WebhookBodyParser(), seen, records,
                new SourceRateLimiter(0.001, burst, 10, System::nanoTime), Clock.fixed(NOW, ZoneOffset.UTC), 1024,
                Duration.ofMinutes(5), Duration.ofMillis(200));
    }

    @Test
    void aValidWebhookIsAnsweredOnlyAfterItIsStored() {
        CompletableFuture<Outcome> answer = intake(10).receive(merchant, signed("e1", NOW));

        assertThat(answer).isNotDone();
        records.pending.complete(null);
        assertThat(answer.join()).isInstanceOf(Outcome.Persisted.class);
        assertThat(seen.keys).contains("demo:e1");
    }

    @Test
    void aWriteThatIsNotAcknowledgedInTimeIs503AndNotRemembered() {
        Outcome outcome = intake(10).receive(merchant, signed("e2", NOW)).join();

        assertThat(outcome).isInstanceOf(Outcome.Unavailable.class);
        assertThat(seen.keys).isEmpty();
    }

    @Test
    void checksRunInOrderSignatureBeforeTimestampBeforeSchemaBeforeRate() {
        SignedRequest stale = signed("e3", NOW.minusSeconds(301));
        SignedRequest badSignatureAndStale = new SignedRequest(stale.webhookId(), stale.timestamp(), "v1,AAAA",
                stale.body(), Map.of(), "1.2.3.4");
        byte[] notJson = "nope".getBytes(StandardCharsets.UTF_8);
        SignedRequest staleNotJson = sign("e4", NOW.minusSeconds(400), notJson);
        WebhookIntake limited = intake(1);

        assertThat(reason(limited.receive(merchant, badSignatureAndStale).join())).isEqualTo(Rejection.SIGNATURE);
        assertThat(reason(limited.receive(merchant, staleNotJson).join())).isEqualTo(Rejection.TIMESTAMP);
        assertThat(reason(limited.receive(merchant, sign("e5", NOW, notJson)).join())).isEqualTo(Rejection.SCHEMA);
        records.pending.complete(null);
        assertThat(limited.receive(merchant, signed("e6", NOW)).join()).isInstanceOf(Outcome.Persisted.class);
        assertThat(reason(limited.receive(merchant, signed("e7", NOW)).join())).isEqualTo(Rejection.RATE);
    }

    @Test
    void aTwinArrivingWhileTheFirstIsBeingStoredIsADuplicateAndStoresNothing() {
        WebhookIntake intake = intake(10);
        CompletableFuture<Outcome> first = intake.receive(merchant, signed("e8", NOW));
        CompletableFuture<Outcome> twin = intake.receive(merchant, signed("e8", NOW));
        records.pending.complete(null);

        assertThat(first.join()).isInstanceOf(Outcome.Persisted.class);
        assertThat(twin.join()).isInstanceOf(Outcome.Duplicate.class);
        assertThat(records.writes.get()).isEqualTo(1);
        assertThat(intake.receive(merchant, signed("e8", NOW)).join()).isInstanceOf(Outcome.Duplicate.class);
    }

    @Test
    void noRequestIsTakenBeforeTheDedupStoreHasLoaded() {
        seen.ready = false;
        assertThat(intake(10).receive(merchant, signed("e9", NOW)).join()).isInstanceOf(Outcome.Unavailable.class);
        assertThat(records.writes.get()).isZero();
    }

    private static Rejection reason(Outcome outcome) {
        return ((Outcome.Rejected) outcome).reason();
    }

    private static SignedRequest signed(String eventId, Instant at) {
        return sign(eventId, at, SignedWebhooks.body(eventId, "O1", "delivered").getBytes(StandardCharsets.UTF_8));
    }

    private static SignedRequest sign(String eventId, Instant at, byte[] body) {
        String signature = WebhookSignatures.sign(WebhookSignatures.decodeSecret(SignedWebhooks.NEW_SECRET), eventId,
                at.getEpochSecond(), body);
        return new SignedRequest(eventId, Long.toString(at.getEpochSecond()), signature, body, Map.of(), "1.2.3.4");
    }

    private static final class FakeSeen implements SeenEvents {
        final Set<String> keys = new HashSet<>();
        boolean ready = true;

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public boolean contains(String key) {
            return keys.contains(key);
        }

        @Override
        public void remember(String key) {
            keys.add(key);
        }
    }

    private static final class FakeRecords implements WebhookRecords {
        final CompletableFuture<Void> pending = new CompletableFuture<>();
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public CompletableFuture<Void> storeReport(MerchantEndpoint m, DeliveryWebhook w, SignedRequest r, Instant at) {
            writes.incrementAndGet();
            return pending;
        }

        @Override
        public CompletableFuture<Void> storeArchiveOnly(MerchantEndpoint m, String id, SignedRequest r, Instant at) {
            writes.incrementAndGet();
            return pending;
        }
    }
}
