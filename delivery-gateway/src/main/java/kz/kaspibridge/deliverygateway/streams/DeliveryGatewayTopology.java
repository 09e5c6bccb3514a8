package kz.kaspibridge.deliverygateway.streams;

import java.time.Clock;
import java.time.Duration;
import kz.kaspibridge.deliverygateway.deliveries.TrackedDelivery;
import kz.kaspibridge.deliverygateway.kaspi.Intent;
import kz.kaspibridge.deliverygateway.kaspi.Outcome;
import kz.kaspibridge.schemas.delivery.DeliveryCommand;
import kz.kaspibridge.schemas.delivery.DeliveryEvent;
import kz.kaspibridge.schemas.delivery.DeliveryStatusReported;
import kz.kaspibridge.schemas.serde.JsonSerde;
import kz.kaspibridge.schemas.topics.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The gateway's Kafka Streams topology: one stateful processor, {@code delivery-lifecycle}, keyed by order code,
 * reading delivery commands, webhook reports and the Delivery API's answers (all co-partitioned by order code),
 * owning the {@value #DELIVERIES_STORE} store, and writing every event on {@code kaspi.delivery-events} (it is the
 * topic's single writer), the Kaspi calls to make on {@value #REQUESTS_TOPIC}, and refused commands on
 * {@code kaspi.delivery-commands-dlt}. Every processor, store and topic is named, so changelog names stay stable.
 */
public final class DeliveryGatewayTopology {

    /** Delivery API calls to make, recorded before they are made (JSON {@link Intent}). */
    public static final String REQUESTS_TOPIC = Topics.DELIVERY_GATEWAY_REQUESTS;
    /** What the Delivery API answered (JSON {@link Outcome}), back to the processor. */
    public static final String OUTCOMES_TOPIC = Topics.DELIVERY_GATEWAY_OUTCOMES;
    public static final String DELIVERIES_STORE = "deliveries";

    private DeliveryGatewayTopology() {
    }

    /**
     * @param sweepEvery        how often the reconciliation and retention sweep looks at the next slice of the
     *                          store (wall clock)
     * @param sweepSlice        deliveries looked at per sweep and task, at most: bounds the time one sweep holds
     *                          up the stream thread, whatever the size of the store
     * @param reconcileAfter    a delivery not final and not heard of for this long is read from the API
     * @param reconcileBatch    reads asked for per sweep and task, at most: bounds the API calls of one sweep
     * @param retention         how long a final delivery is remembered after the last word of it
     * @param unknownReportWait how long reports for a delivery nobody booked here are kept
     */
    public record Settings(Serde<DeliveryCommand> commands, Serde<DeliveryStatusReported> reports,
                           Serde<DeliveryEvent> events, Clock clock, Duration sweepEvery, int sweepSlice,
                           Duration reconcileAfter,
                           int reconcileBatch, Duration retention, Duration unknownReportWait,
                           GatewayMetrics metrics) {
    }

    public static void build(StreamsBuilder builder, Settings settings) {
        Serde<String> keys = Serdes.String();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DELIVERIES_STORE), keys,
                JsonSerde.of(TrackedDelivery.class)));

        KStream<String, Input> commands = builder.stream(Topics.DELIVERY_COMMANDS.name(),
                        Consumed.with(keys, settings.commands()).withName("delivery-commands-source"))
                .mapValues(command -> (Input) new Input.Command(command), Named.as("delivery-commands-read"));
        KStream<String, Input> reports = builder.stream(Topics.DELIVERY_STATUS_REPORTS.name(),
                        Consumed.with(keys, settings.reports()).withName("status-reports-source"))
                .mapValues(report -> (Input) new Input.Report(report), Named.as("status-reports-read"));
        KStream<String, Input> answers = builder.stream(OUTCOMES_TOPIC,
                        Consumed.with(keys, JsonSerde.of(Outcome.class)).withName("outcomes-source"))
                .mapValues(outcome -> (Input) new Input.Answer(outcome), Named.as("outcomes-read"));

        KStream<String, Routed> routed = commands.merge(reports, Named.as("commands-and-reports"))
                .merge(answers, Named.as("delivery-inputs"))
                .process(() -> new DeliveryProcessor(settings), Named.as("delivery-lifecycle"), DELIVERIES_STORE);

        routed.filter((key, value) -> value instanceof Routed.Event, Named.as("events-only"))
                .mapValues(value -> ((Routed.Event) value).event(), Named.as("events-unwrap"))
                .to(Topics.DELIVERY_EVENTS.name(), Produced.with(keys, settings.events())
                        .withName("delivery-events-sink"));
        routed.filter((key, value) -> value instanceof Routed.Request, Named.as("requests-only"))
                .mapValues(value -> ((Routed.Request) value).intent(), Named.as("requests-unwrap"))
                .to(REQUESTS_TOPIC, Produced.with(keys, JsonSerde.of(Intent.class)).withName("requests-sink"));
        routed.filter((key, value) -> value instanceof Routed.Dead, Named.as("refused-only"))
                .mapValues(value -> ((Routed.Dead) value).command(), Named.as("refused-unwrap"))
                .to(Topics.DELIVERY_COMMANDS.deadLetter().name(), Produced.with(keys, settings.commands())
                        .withName("delivery-commands-dlt-sink"));
    }
}
