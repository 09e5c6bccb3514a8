package kz.kaspibridge.ordercommand.tools;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import kz.kaspibridge.schemas.catalog.StockChanged;
import kz.kaspibridge.schemas.commands.AcceptOrder;
import kz.kaspibridge.schemas.commands.CancelOrder;
import kz.kaspibridge.schemas.commands.OrderCommand;
import kz.kaspibridge.schemas.common.CancellationReason;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes one merchant command or stock report on a running stack, Avro-encoded through the registry as a
 * merchant's own system would: an {@code AcceptOrder} or {@code CancelOrder} on {@code kaspi.order-commands}, or a
 * {@code StockChanged} on {@code kaspi.stock-changes}. Reads KAFKA_BOOTSTRAP_SERVERS and SCHEMA_REGISTRY_URL,
 * defaulting to the ports of {@code ./run-local}; the command line is in the module README.
 *
 * <pre>
 * accept MERCHANT ORDER_CODE
 * cancel MERCHANT ORDER_CODE REASON [COMMENT]
 * stock  MERCHANT SKU STORE COUNT
 * </pre>
 */
public final class SendCommand {

    static final String USAGE = """
            usage: SendCommand accept MERCHANT ORDER_CODE
                   SendCommand cancel MERCHANT ORDER_CODE REASON [COMMENT]   (REASON: BUYER_CANCELLATION_BY_MERCHANT, \
            BUYER_NOT_REACHABLE, MERCHANT_OUT_OF_STOCK)
                   SendCommand stock  MERCHANT SKU STORE COUNT""";

    private SendCommand() {
    }

    public static void main(String[] args) throws Exception {
        ProducerRecord<String, Object> record;
        try {
            record = record(args, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        KafkaClientConfig kafka = new KafkaClientConfig(env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092"),
                env("SCHEMA_REGISTRY_URL", "http://127.0.0.1:18081"), true);
        RecordMetadata written = send(kafka, record);
        System.out.printf("wrote %s to %s-%d@%d: %s%n", record.key(), written.topic(), written.partition(),
                written.offset(), record.value());
    }

    /** Writes the record with the shared producer settings (idempotent, acks=all, registry serializer). */
    public static RecordMetadata send(KafkaClientConfig kafka, ProducerRecord<String, Object> record) throws Exception {
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(kafka.producerProperties())) {
            return producer.send(record).get();
        }
    }

    /** The record the arguments describe; a fresh commandId each time, so a repeated call is a new command. */
    public static ProducerRecord<String, Object> record(String[] args, Clock clock) {
        if (args.length == 0) {
            throw new IllegalArgumentException("no command given");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        Instant now = clock.instant();
        switch (args[0].toLowerCase(Locale.ROOT)) {
            case "accept" -> {
                expect(rest, 2, 2);
                return command(rest[0], rest[1], new AcceptOrder(), now);
            }
            case "cancel" -> {
                expect(rest, 3, 4);
                CancelOrder cancel = CancelOrder.newBuilder().setReason(reason(rest[2]))
                        .setComment(rest.length == 4 ? rest[3] : null).build();
                return command(rest[0], rest[1], cancel, now);
            }
            case "stock" -> {
                expect(rest, 4, 4);
                int count = count(rest[3]);
                StockChanged stock = StockChanged.newBuilder().setMetadata(metadata(rest[0], now)).setSku(rest[1])
                        .setStoreId(rest[2]).setStockCount(count).setAvailable(count > 0).build();
                return new ProducerRecord<>(Topics.STOCK_CHANGES.name(), rest[1], stock);
            }
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static ProducerRecord<String, Object> command(String merchant, String orderCode, Object payload,
                                                          Instant now) {
        OrderCommand command = OrderCommand.newBuilder().setMetadata(metadata(merchant, now))
                .setCommandId(UUID.randomUUID().toString()).setOrderCode(orderCode).setPayload(payload).build();
        return new ProducerRecord<>(Topics.ORDER_COMMANDS.name(), orderCode, command);
    }

    private static EventMetadata metadata(String merchant, Instant now) {
        String eventId = UUID.randomUUID().toString();
        return EventMetadata.newBuilder().setEventId(eventId).setOccurredAt(now).setMerchantId(merchant)
                .setCorrelationId(eventId).build();
    }

    private static void expect(String[] rest, int min, int max) {
        if (rest.length < min || rest.length > max) {
            throw new IllegalArgumentException("wrong number of arguments");
        }
    }

    private static CancellationReason reason(String value) {
        try {
            CancellationReason reason = CancellationReason.valueOf(value);
            if (reason != CancellationReason.UNKNOWN) {
                return reason;
            }
        } catch (IllegalArgumentException unknown) {
            // reported below
        }
        throw new IllegalArgumentException("unknown cancellation reason " + value);
    }

    private static int count(String value) {
        int count;
        try {
            count = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("COUNT is not a number: " + value);
        }
        if (count < 0) {
            throw new IllegalArgumentException("COUNT must be 0 or more: " + value);
        }
        return count;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
