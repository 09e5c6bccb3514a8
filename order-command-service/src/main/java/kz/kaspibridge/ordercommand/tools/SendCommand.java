package kz.kaspibridge.ordercommand.tools;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import kz.kaspibridge.schemas.catalog.CityPrice;
import kz.kaspibridge.schemas.catalog.OfferEvent;
import kz.kaspibridge.schemas.catalog.OfferUpserted;
import kz.kaspibridge.schemas.catalog.StockChanged;
import kz.kaspibridge.schemas.commands.AcceptOrder;
import kz.kaspibridge.schemas.commands.CancelOrder;
import kz.kaspibridge.schemas.commands.OrderCommand;
import kz.kaspibridge.schemas.common.CancellationReason;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.serde.ContractClasses;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.serde.PartitionReader;
import kz.kaspibridge.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The merchant's tool: writes merchant commands, stock reports and offers on a running stack, Avro-encoded through
 * the registry as a merchant's own system would: an {@code AcceptOrder} or {@code CancelOrder} on
 * {@code kaspi.order-commands}, a {@code StockChanged} on {@code kaspi.stock-changes}, an {@code OfferUpserted} (or a
 * removal, a null value) on {@code kaspi.offers}. Reads KAFKA_BOOTSTRAP_SERVERS and SCHEMA_REGISTRY_URL, defaulting
 * to the ports of {@code ./run-local}; the command line is in the module README.
 *
 * <pre>
 * accept       MERCHANT ORDER_CODE
 * cancel       MERCHANT ORDER_CODE REASON [COMMENT]
 * stock        MERCHANT SKU STORE COUNT
 * offer        MERCHANT SKU MODEL BRAND PRICE        (PRICE: tenge, or CITY=TENGE,CITY=TENGE…)
 * remove-offer MERCHANT SKU
 * --file FILE [--skip-existing]                      (one of the above per line, one producer for all)
 * </pre>
 *
 * <p>{@code --skip-existing} makes a file a seed that can be run on every start: an offer line is left out when
 * {@code kaspi.offers} already holds a record for its merchant and sku (whatever the merchant wrote since stands),
 * a stock line when {@code kaspi.available-stock} already holds a figure for its merchant, store and sku; other
 * lines are written as usual. So a second run of a seed writes nothing, and nothing piles up on
 * {@code kaspi.stock-changes}, which is not compacted.
 */
public final class SendCommand {

    static final String USAGE = """
            usage: SendCommand accept MERCHANT ORDER_CODE
                   SendCommand cancel MERCHANT ORDER_CODE REASON [COMMENT]   (REASON: BUYER_CANCELLATION_BY_MERCHANT, \
            BUYER_NOT_REACHABLE, MERCHANT_OUT_OF_STOCK)
                   SendCommand stock  MERCHANT SKU STORE COUNT
                   SendCommand offer  MERCHANT SKU MODEL BRAND PRICE   (PRICE: tenge, or per city: \
            750000000=459990,710000000=449990)
                   SendCommand remove-offer MERCHANT SKU
                   SendCommand --file FILE [--skip-existing]   (one command per line as above, without "SendCommand"; \
            "quotes" group words; # starts a comment line)""";

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private SendCommand() {
    }

    public static void main(String[] args) throws Exception {
        quietLogs();
        KafkaClientConfig kafka = new KafkaClientConfig(env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092"),
                env("SCHEMA_REGISTRY_URL", "http://127.0.0.1:18081"), true);
        if (args.length > 0 && args[0].equals("--file")) {
            System.exit(sendFile(args, kafka));
            return;
        }
        ProducerRecord<String, Object> record;
        try {
            record = record(decoded(args), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        RecordMetadata written = send(kafka, record);
        System.out.printf("wrote %s to %s-%d@%d: %s%n", record.key(), written.topic(), written.partition(),
                written.offset(), record.value() == null ? "null (the offer is removed)" : record.value());
    }

    private static int sendFile(String[] args, KafkaClientConfig kafka) throws Exception {
        boolean skipExisting = args.length == 3 && args[2].equals("--skip-existing");
        List<ProducerRecord<String, Object>> records;
        try {
            if (args.length != 2 && !skipExisting) {
                throw new IllegalArgumentException("--file takes a file name and, optionally, --skip-existing");
            }
            records = records(Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8), Clock.systemUTC());
        } catch (MalformedInputException e) {
            System.err.println(args[1] + " is not UTF-8 text");
            return 2;
        } catch (IOException e) {
            System.err.println("cannot read " + args[1] + ": " + e);
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            return 2;
        }
        Written written = sendAll(kafka, records, skipExisting);
        for (int i = 0; i < written.records().size(); i++) {
            RecordMetadata at = written.metadata().get(i);
            System.out.printf("wrote %s to %s-%d@%d%n", written.records().get(i).key(), at.topic(), at.partition(),
                    at.offset());
        }
        Map<String, Integer> byTopic = new TreeMap<>();
        written.records().forEach(r -> byTopic.merge(r.topic(), 1, Integer::sum));
        System.out.printf("wrote %d record(s) %s from %s; %d already there%n", written.records().size(), byTopic,
                args[1], written.skipped());
        return 0;
    }

    /**
     * What a file run wrote: the records in order, where each went, and how many were left out as already there.
     */
    public record Written(List<ProducerRecord<String, Object>> records, List<RecordMetadata> metadata, int skipped) {
    }

    /**
     * Writes the records with one producer; with {@code skipExisting}, only those whose offer or stock figure is not
     * on the catalog topics yet (see the class comment).
     */
    public static Written sendAll(KafkaClientConfig kafka, List<ProducerRecord<String, Object>> records,
                                  boolean skipExisting) throws Exception {
        List<ProducerRecord<String, Object>> missing = skipExisting ? missing(records, existingKeys(kafka, records))
                : records;
        return new Written(missing, missing.isEmpty() ? List.of() : produce(kafka, missing),
                records.size() - missing.size());
    }

    /** Writes the record with the shared producer settings (idempotent, acks=all, registry serializer). */
    public static RecordMetadata send(KafkaClientConfig kafka, ProducerRecord<String, Object> record) throws Exception {
        return produce(kafka, List.of(record)).get(0);
    }

    /** Writes the records in order with one producer, and waits until every one is acknowledged. */
    private static List<RecordMetadata> produce(KafkaClientConfig kafka, List<ProducerRecord<String, Object>> records)
            throws Exception {
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(kafka.producerProperties())) {
            List<Future<RecordMetadata>> sent = records.stream().map(producer::send).toList();
            List<RecordMetadata> written = new ArrayList<>(sent.size());
            for (Future<RecordMetadata> future : sent) {
                written.add(future.get());
            }
            return written;
        }
    }

    /** The record the arguments describe; a fresh commandId each time, so a repeated call is a new command. */
    public static ProducerRecord<String, Object> record(String[] args, Clock clock) {
        if (args.length == 0) {
            throw new IllegalArgumentException("no command given");
        }
        // A builder fills unset fields (an offer's cityPrices) from the schema's defaults, which instantiates contract
        // classes: Avro allows that only for trusted ones, and no serializer may have been made yet to trust them.
        ContractClasses.trust();
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
            case "offer" -> {
                expect(rest, 5, 5);
                OfferUpserted.Builder offer = OfferUpserted.newBuilder().setModel(rest[2]).setBrand(rest[3]);
                if (rest[4].contains("=")) {
                    offer.setPrice(null).setCityPrices(cityPrices(rest[4]));
                } else {
                    offer.setPrice(price(rest[4]));
                }
                OfferEvent event = OfferEvent.newBuilder().setMetadata(metadata(rest[0], now)).setSku(rest[1])
                        .setPayload(offer.build()).build();
                return new ProducerRecord<>(Topics.OFFERS.name(), offerKey(rest[0], rest[1]), event);
            }
            case "remove-offer" -> {
                expect(rest, 2, 2);
                // A tombstone, as the compacted topic documents it: compaction then drops the sku altogether.
                return new ProducerRecord<>(Topics.OFFERS.name(), offerKey(rest[0], rest[1]), null);
            }
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    /**
     * The records of a command file: one command per line, as on the command line; blank lines and lines starting
     * with {@code #} are skipped. Fails naming the first line it cannot read.
     */
    public static List<ProducerRecord<String, Object>> records(List<String> lines, Clock clock) {
        List<ProducerRecord<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                records.add(record(words(line).toArray(String[]::new), clock));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return records;
    }

    /**
     * A line split into words as a shell would for these commands: blanks separate words, {@code "…"} and
     * {@code '…'} group them, and inside double quotes {@code \"} and {@code \\} stand for themselves.
     */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < line.length() && line.charAt(end) != c) {
                    if (c == '"' && line.charAt(end) == '\\' && end + 1 < line.length()
                            && (line.charAt(end + 1) == '"' || line.charAt(end + 1) == '\\')) {
                        end++;
                    }
                    word.append(line.charAt(end));
                    end++;
                }
                if (end == line.length()) {
                    throw new IllegalArgumentException("unclosed " + c + " quote");
                }
                i = end;
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /**
     * The key a record is kept under on the compacted topic that shows whether it was written already: an offer's
     * own key on {@code kaspi.offers}; for a stock report, the key of the figure order-command-service publishes from
     * it on {@code kaspi.available-stock}. Commands and removals have none: they are always written.
     */
    static Optional<Map.Entry<String, String>> catalogKey(ProducerRecord<String, Object> record) {
        if (record.value() instanceof OfferEvent) {
            return Optional.of(Map.entry(Topics.OFFERS.name(), record.key()));
        }
        if (record.value() instanceof StockChanged stock) {
            return Optional.of(Map.entry(Topics.AVAILABLE_STOCK.name(),
                    stock.getMetadata().getMerchantId() + "|" + stock.getStoreId() + "|" + stock.getSku()));
        }
        return Optional.empty();
    }

    /** The records whose catalog key is not among {@code existing} (per topic); commands and removals are kept. */
    static List<ProducerRecord<String, Object>> missing(List<ProducerRecord<String, Object>> records,
                                                        Map<String, Set<String>> existing) {
        return records.stream().filter(record -> catalogKey(record)
                .map(key -> !existing.getOrDefault(key.getKey(), Set.of()).contains(key.getValue()))
                .orElse(true)).toList();
    }

    /** Every key on the catalog topics the records would be compared with, read from their beginning to their end. */
    private static Map<String, Set<String>> existingKeys(KafkaClientConfig kafka,
                                                         List<ProducerRecord<String, Object>> records) {
        Set<String> topics = new LinkedHashSet<>();
        records.forEach(record -> catalogKey(record).ifPresent(key -> topics.add(key.getKey())));
        Map<String, Set<String>> keys = new HashMap<>();
        if (topics.isEmpty()) {
            return keys;
        }
        // Keys only: the values stay bytes, so no schema is fetched.
        Map<String, Object> props = new HashMap<>(kafka.plainTextReaderProperties("send-command-seed"));
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                partitions.addAll(PartitionReader.partitionsOf(consumer, topic, READ_TIMEOUT));
                keys.put(topic, new HashSet<>());
            }
            PartitionReader.fromBeginning(consumer, partitions, READ_TIMEOUT).readToEnd(READ_TIMEOUT,
                    record -> keys.get(record.topic()).add(record.key()));
        }
        return keys;
    }

    /**
     * The arguments as given; refused when the JVM could not decode them. Under a non-UTF-8 locale (LANG=C) Java 17
     * turns every Cyrillic letter into U+FFFD, which would go into the price list as is.
     */
    static String[] decoded(String[] args) {
        for (String arg : args) {
            if (arg.indexOf('\uFFFD') >= 0) {
                throw new IllegalArgumentException("the command line could not be decoded as "
                        + System.getProperty("sun.jnu.encoding") + ": run it in a UTF-8 locale (LC_ALL=C.UTF-8)");
            }
        }
        return args;
    }

    /**
     * A one-shot tool: the Kafka clients log every setting of each client at INFO, which would bury the lines it
     * prints. Warnings and errors still show.
     */
    private static void quietLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        }
    }

    private static String offerKey(String merchant, String sku) {
        return merchant + "|" + sku;
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

    /** Whole tenge above 0, as the price list takes it. */
    private static long price(String value) {
        long price;
        try {
            price = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PRICE is not a whole number of tenge: " + value);
        }
        if (price <= 0) {
            throw new IllegalArgumentException("PRICE must be above 0: " + value);
        }
        return price;
    }

    /** {@code CITY=TENGE,CITY=TENGE…}, in the order given. */
    private static List<CityPrice> cityPrices(String value) {
        List<CityPrice> prices = new ArrayList<>();
        for (String pair : value.split(",", -1)) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("a city price is CITY=TENGE, got: " + pair);
            }
            prices.add(new CityPrice(pair.substring(0, equals).strip(), price(pair.substring(equals + 1).strip())));
        }
        return prices;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
