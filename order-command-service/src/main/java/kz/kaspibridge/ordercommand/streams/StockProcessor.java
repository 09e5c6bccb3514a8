package kz.kaspibridge.ordercommand.streams;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import kz.kaspibridge.ordercommand.orders.MerchantId;
import kz.kaspibridge.ordercommand.orders.OrderCode;
import kz.kaspibridge.ordercommand.orders.Sku;
import kz.kaspibridge.ordercommand.orders.StoreId;
import kz.kaspibridge.ordercommand.stock.SkuStock;
import kz.kaspibridge.ordercommand.stock.StockKey;
import kz.kaspibridge.ordercommand.stock.StockReservations;
import kz.kaspibridge.ordercommand.stock.StockReservations.Outcome;
import kz.kaspibridge.schemas.catalog.AvailableStock;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the reserved stock of the locations (merchant|store) of its partition. It only reads the store, asks
 * {@link StockReservations} / {@link SkuStock}, writes the store back and forwards the answer and every changed
 * available figure; the store write, the answer and the figure commit in the same exactly-once transaction, so
 * the published figure is never ahead of or behind the decisions.
 */
final class StockProcessor implements Processor<String, StockMessage, String, StockOut> {

    private static final Logger log = LoggerFactory.getLogger(StockProcessor.class);

    private final Clock clock;
    private final CommandMetrics metrics;
    private ProcessorContext<String, StockOut> context;
    private KeyValueStore<String, StoredSkuStock> stock;

    StockProcessor(Clock clock, CommandMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, StockOut> context) {
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
                lines.forEach((key, count) -> report(record, key, count, at, message));
                break;
            case "RESERVE":
                reserve(record, message, lines);
                break;
            case "TAKE":
                StockReservations.take(new OrderCode(message.orderCode()), lines, this::read, clock.instant())
                        .forEach((key, value) -> write(record, key, value));
                metrics.reservation(message.merchant(), "TAKEN");
                break;
            case "RELEASE":
                StockReservations.release(new OrderCode(message.orderCode()), lines.keySet(), this::read, at)
                        .forEach((key, value) -> write(record, key, value));
                break;
            case "COMPLETE":
                lines.keySet().forEach(key -> write(record, key, read(key).complete(new OrderCode(message.orderCode()))));
                break;
            default:
                throw new IllegalArgumentException("unknown stock message kind " + message.kind());
        }
    }

    private void report(Record<String, StockMessage> record, StockKey key, int count, Instant at,
                        StockMessage message) {
        StoredSkuStock before = stock.get(key.asString());
        SkuStock current = before == null ? SkuStock.unreported() : before.toSkuStock();
        if (at.isBefore(current.reportedAt())) {
            log.info("stale stock report ignored merchantId={} store={} sku={} reportedAt={} held={}",
                    message.merchant(), message.store(), key.sku(), at, current.reportedAt());
            return;
        }
        boolean available = message.storeAvailable() == null || message.storeAvailable();
        int preOrder = message.preOrder() == null ? 0 : message.preOrder();
        put(record, key, before, StoredSkuStock.of(current.report(count, at), available, preOrder));
    }

    private void reserve(Record<String, StockMessage> record, StockMessage message, Map<StockKey, Integer> lines) {
        OrderCode code = new OrderCode(message.orderCode());
        Outcome outcome = StockReservations.reserve(code, lines, this::read, clock.instant());
        List<StockDecision.Shortage> shortages = new ArrayList<>();
        if (outcome instanceof Outcome.Reserved) {
            ((Outcome.Reserved) outcome).updated().forEach((key, value) -> write(record, key, value));
        } else {
            ((Outcome.Short) outcome).shortages().forEach(s -> shortages.add(new StockDecision.Shortage(
                    s.key().sku().value(), s.key().store().value(), s.wanted(), s.available())));
        }
        boolean reserved = shortages.isEmpty();
        metrics.reservation(message.merchant(), reserved ? "RESERVED" : "SHORT");
        log.info("stock decided orderCode={} merchantId={} store={} reserved={} shortSkus={}", code,
                message.merchant(), message.store(), reserved, shortages.size());
        context.forward(record.withKey(code.value())
                .withValue(new StockOut.Answer(new StockDecision(code.value(), reserved, List.copyOf(shortages)))));
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

    /** Writes a changed hold, keeping the last report's flags. */
    private void write(Record<String, StockMessage> record, StockKey key, SkuStock value) {
        StoredSkuStock before = stock.get(key.asString());
        put(record, key, before, StoredSkuStock.of(value, before == null ? null : before.storeAvailable(),
                before == null ? null : before.preOrder()));
    }

    private void put(Record<String, StockMessage> record, StockKey key, StoredSkuStock before, StoredSkuStock after) {
        stock.put(key.asString(), after);
        AvailableStock figure = AvroMapping.availableStock(key, after.toSkuStock(), after.reported(),
                after.storeAvailable(), after.preOrder(), Instant.ofEpochMilli(record.value().occurredAt()));
        if (before == null || !sameFigure(figure, AvroMapping.availableStock(key, before.toSkuStock(),
                before.reported(), before.storeAvailable(), before.preOrder(), figure.getMetadata().getOccurredAt()))) {
            context.forward(record.withKey(key.asString()).withValue(new StockOut.Figure(figure)));
        }
    }

    /** Only a change a reader can see is published: the figure, the flags or the report it starts from. */
    private static boolean sameFigure(AvailableStock a, AvailableStock b) {
        return a.getStockCount() == b.getStockCount() && a.getStoreAvailable() == b.getStoreAvailable()
                && a.getPreOrder() == b.getPreOrder() && a.getReportedCount() == b.getReportedCount()
                && Objects.equals(a.getReportedAt(), b.getReportedAt())
                && a.getReservedUnits() == b.getReservedUnits();
    }
}
