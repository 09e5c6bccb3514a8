package kz.kaspibridge.webhookingress.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import kz.kaspibridge.webhookingress.intake.DeliveryState;
import kz.kaspibridge.webhookingress.intake.DeliveryWebhook;
import kz.kaspibridge.webhookingress.intake.Outcome;
import kz.kaspibridge.webhookingress.intake.Rejection;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** The one mapping from outcomes to answers. */
class AnswerTest {

    private static final DeliveryWebhook WEBHOOK = new DeliveryWebhook("wh_1", "delivery.delivered", 1, "dlv_1",
            "order-1", DeliveryState.DELIVERED, Instant.parse("2024-06-12T11:05:22Z"));

    @Test
    void storedAndDuplicateOutcomesAre2xxEchoingTheEventId() {
        Answer persisted = Answer.of(new Outcome.Persisted(WEBHOOK));
        Answer archived = Answer.of(new Outcome.Archived("wh_2", "delivery.rescheduled"));
        Answer duplicate = Answer.of(new Outcome.Duplicate("wh_3"));

        assertThat(persisted.status()).isEqualTo(HttpStatus.OK);
        assertThat(persisted.kind().tag()).isEqualTo("persisted");
        assertThat(persisted.eventId()).contains("wh_1");
        assertThat(archived.status()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(archived.eventId()).contains("wh_2");
        assertThat(duplicate.status()).isEqualTo(HttpStatus.OK);
        assertThat(duplicate.kind()).isEqualTo(Answer.Kind.DUPLICATE);
    }

    @Test
    void eachRejectionHasItsStatusAndAProblemWithoutAnEventId() {
        assertThat(rejected(Rejection.SIZE).status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
        assertThat(rejected(Rejection.SIGNATURE).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rejected(Rejection.TIMESTAMP).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rejected(Rejection.SCHEMA).status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(rejected(Rejection.RATE).status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        Answer schema = rejected(Rejection.SCHEMA);
        assertThat(schema.kind()).isEqualTo(Answer.Kind.REJECTED);
        assertThat(schema.reason()).contains(Rejection.SCHEMA);
        assertThat(schema.eventId()).isEmpty();
        assertThat(schema.detail()).isEqualTo("detail of schema");
        for (Rejection reason : Rejection.values()) {
            assertThat(Answer.title(reason)).isNotBlank();
        }
    }

    @Test
    void unavailableIs503WithItsDetail() {
        Answer answer = Answer.of(new Outcome.Unavailable("retry later", new IllegalStateException("broker gone")));

        assertThat(answer.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.kind()).isEqualTo(Answer.Kind.UNAVAILABLE);
        assertThat(answer.detail()).isEqualTo("retry later");
        assertThat(answer.reason()).isEmpty();
    }

    private static Answer rejected(Rejection reason) {
        return Answer.of(new Outcome.Rejected(reason, "detail of " + reason.tag()));
    }
}
