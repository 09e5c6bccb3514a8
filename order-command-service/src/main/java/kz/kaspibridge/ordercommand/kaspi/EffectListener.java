package kz.kaspibridge.ordercommand.kaspi;

import kz.kaspibridge.ordercommand.streams.Effect;
import kz.kaspibridge.ordercommand.streams.JsonSerde;
import kz.kaspibridge.ordercommand.streams.OrderCommandTopology;
import kz.kaspibridge.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Reads recorded intents in partition order (so one order's effects never overtake each other) and carries each
 * out through {@link KaspiEffectExecutor}. The result, the delivery booking and the intent's offset commit in one
 * Kafka transaction: consumers see exactly one result per command. A failure is retried in place with backoff,
 * and every retry re-reads the order in Kaspi first.
 */
public class EffectListener {

    private static final Deserializer<Effect> EFFECTS = JsonSerde.of(Effect.class).deserializer();

    private final KaspiEffectExecutor executor;
    private final KafkaTemplate<String, Object> transactional;

    public EffectListener(KaspiEffectExecutor executor, KafkaTemplate<String, Object> transactional) {
        this.executor = executor;
        this.transactional = transactional;
    }

    /** The group follows the Streams application id, so two deployments (or test runs) never share offsets. */
    @KafkaListener(id = "order-command-service-effects", topics = OrderCommandTopology.EFFECTS_TOPIC,
            groupId = "${order-command-service.streams.application-id:order-command-service}-effects",
            containerFactory = "effectsContainerFactory")
    public void onEffect(ConsumerRecord<String, String> record) {
        Effect effect = EFFECTS.deserialize(record.topic(), record.value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        KaspiEffectExecutor.Executed executed = executor.execute(effect);
        transactional.send(Topics.ORDER_RESULTS.name(), record.key(), executed.result());
        executed.delivery().ifPresent(booking -> transactional.send(Topics.DELIVERY_COMMANDS.name(), record.key(),
                booking));
    }
}
