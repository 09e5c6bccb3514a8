package kz.kaspibridge.deliverygateway.kaspi;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kz.kaspibridge.deliverygateway.streams.DeliveryGatewayTopology;
import kz.kaspibridge.schemas.serde.JsonSerde;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Carries out the recorded Delivery API calls one at a time per partition, and records each answer on
 * {@value DeliveryGatewayTopology#OUTCOMES_TOPIC} before the intent's offset is committed. A crash in between
 * makes the call again: harmless, since every call is idempotent at Kaspi, and the topology ignores the second
 * answer. A transient failure is thrown to the container's error handler, which retries the intent in place with
 * backoff (later intents of the partition wait, so one order's calls keep their order) and, when the backoff is
 * spent, hands it to {@link #giveUp}.
 */
public class IntentListener {

    public static final String ID = "delivery-gateway-requests";

    private static final Logger log = LoggerFactory.getLogger(IntentListener.class);
    private static final Deserializer<Intent> INTENTS = JsonSerde.of(Intent.class).deserializer();
    private static final Serializer<Outcome> OUTCOMES = JsonSerde.of(Outcome.class).serializer();
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final DeliveryCalls calls;
    private final KafkaTemplate<String, String> outcomes;

    public IntentListener(DeliveryCalls calls, KafkaTemplate<String, String> outcomes) {
        this.calls = calls;
        this.outcomes = outcomes;
    }

    @KafkaListener(id = ID, topics = DeliveryGatewayTopology.REQUESTS_TOPIC,
            groupId = "${delivery-gateway.streams.application-id:delivery-gateway}-requests",
            containerFactory = "requestsContainerFactory")
    public void onIntent(ConsumerRecord<String, String> record) {
        Intent intent = intent(record);
        calls.carryOut(intent).ifPresent(outcome -> record(record.key(), outcome));
    }

    /**
     * The retry budget is spent (or the intent cannot be carried out at all). A booking is answered
     * {@code BOOK_FAILED}, so the merchant learns it has no courier; a cancel or a read is only logged and goes to
     * the dead-letter topic with the rest (a read is asked for again by the next sweep anyway).
     */
    public void giveUp(ConsumerRecord<?, ?> record, Exception failure) {
        Intent intent;
        try {
            intent = intent(record.value() instanceof String s ? s : null, record.topic());
        } catch (RuntimeException unreadable) {
            log.error("delivery intent unreadable, dead-lettered partition={} offset={}", record.partition(),
                    record.offset(), unreadable);
            return;
        }
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        log.error("delivery intent given up type={} orderCode={} deliveryId={} commandId={} error={}", intent.type(),
                intent.orderCode(), intent.deliveryId(), intent.commandId(), String.valueOf(cause));
        if (Intent.BOOK.equals(intent.type())) {
            record(String.valueOf(record.key()), calls.gaveUp(intent, cause));
        }
    }

    private void record(String key, Outcome outcome) {
        String json = new String(OUTCOMES.serialize(DeliveryGatewayTopology.OUTCOMES_TOPIC, outcome),
                StandardCharsets.UTF_8);
        try {
            outcomes.send(DeliveryGatewayTopology.OUTCOMES_TOPIC, key, json)
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording an outcome", e);
        } catch (ExecutionException | TimeoutException e) {
            // Not committed: the intent is carried out again and its (same) answer recorded then.
            throw new IllegalStateException("outcome not recorded: " + e, e);
        }
    }

    private static Intent intent(ConsumerRecord<String, String> record) {
        return intent(record.value(), record.topic());
    }

    private static Intent intent(String value, String topic) {
        if (value == null) {
            throw new IllegalArgumentException("empty intent");
        }
        return INTENTS.deserialize(topic, value.getBytes(StandardCharsets.UTF_8));
    }
}
