package kz.kaspibridge.ordercommand.streams;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kz.kaspibridge.ordercommand.orders.MerchantId;
import kz.kaspibridge.ordercommand.orders.OrderCode;
import kz.kaspibridge.ordercommand.orders.Sku;
import kz.kaspibridge.ordercommand.orders.StoreId;
import kz.kaspibridge.ordercommand.stock.SkuStock;
import kz.kaspibridge.ordercommand.stock.StockKey;
import kz.kaspibridge.ordercommand.stock.StockReservations;
import kz.kaspibridge.ordercommand.stock.StockReservations.Outcome;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the reserved stock of the locations (merchant|store) of its partition. It only reads the store, asks
 * {@link StockReservations} / {@link SkuStock}, writes the store back and forwards the answer; the store write
 * and the forwarded answer commit in the same exactly-once transaction.
 */
final class StockProcessor implements Processor<String, StockMessage, String, StockDecision> {

    private static final Logger log = LoggerFactory.getLogger(StockProcessor.class);

    private final Clock clock;
    private final CommandMetrics metrics;
    private ProcessorContext<String, StockDecision> context;
    private KeyValueStore<String, StoredSkuStock> stock;

    StockProcessor(Clock clock, CommandMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, StockDecision> context) {
        this.context = context;
        this.stock = context.getStateStore(OrderCommandTopology.STOCK_STORE);
    }

    @Override
    public void process(Record<String, StockMessage> record) {
        StockMessage message = record.value();
        Map<StockKey, Integer> lines = lines(message);
        Instant at = Instant.ofEpochMilli(message.occurredAt());
        switch (message.kind()) {
            case "REPORT":
                lines.forEach((key, count) -> write(key, read(key).report(count, at)));
                break;
            case "RESERVE":
                reserve(record, message, lines);
                break;
            case "RELEASE":
                StockReservations.release(new OrderCode(message.orderCode()), lines.keySet(), this::read, at)
                        .forEach(this::write);
                break;
            case "COMPLETE":
                lines.keySet().forEach(key -> write(key, read(key).complete(new OrderCode(message.orderCode()))));
                break;
            default:
                throw new IllegalArgumentException("unknown stock message kind " + message.kind());
        }
    }

    private void reserve(Record<String, StockMessage> record, StockMessage message, Map<StockKey, Integer> lines) {
        OrderCode code = new OrderCode(message.orderCode());
        Outcome outcome = StockReservations.reserve(code, lines, this::read, clock.instant());
        List<StockDecision.Shortage> shortages = new ArrayList<>();
        if (outcome instanceof Outcome.Reserved) {
            ((Outcome.Reserved) outcome).updated().forEach(this::write);
        } else {
            ((Outcome.Short) outcome).shortages().forEach(s -> shortages.add(new StockDecision.Shortage(
                    s.key().sku().value(), s.key().store().value(), s.wanted(), s.available())));
        }
        boolean reserved = shortages.isEmpty();
        metrics.reservation(message.merchant(), reserved ? "RESERVED" : "SHORT");
        log.info("stock decided orderCode={} merchantId={} store={} reserved={} shortSkus={}", code,
                message.merchant(), message.store(), reserved, shortages.size());
        context.forward(record.withKey(code.value())
                .withValue(new StockDecision(code.value(), reserved, List.copyOf(shortages))));
    }

    private Map<StockKey, Integer> lines(StockMessage message) {
        MerchantId merchant = new MerchantId(message.merchant());
        StoreId store = new StoreId(message.store());
        Map<StockKey, Integer> lines = new LinkedHashMap<>();
        message.lines().forEach(line -> lines.merge(new StockKey(merchant, store, new Sku(line.sku())), line.units(),
                Integer::sum));
        return lines;
    }

    private SkuStock read(StockKey key) {
        StoredSkuStock stored = stock.get(key.asString());
        return stored == null ? SkuStock.unreported() : stored.toSkuStock();
    }

    private void write(StockKey key, SkuStock value) {
        stock.put(key.asString(), StoredSkuStock.of(value));
    }
}
