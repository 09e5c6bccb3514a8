package kz.kaspibridge.ordercommand.streams;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import kz.kaspibridge.schemas.catalog.StockChanged;
import kz.kaspibridge.schemas.topics.Topics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stock report that decodes but cannot be a stock figure (a negative count, no sku or store, a pre-order outside
 * Kaspi's 0..30 days) would silently corrupt the figure every decision and the price list use. It goes to
 * {@code kaspi.stock-changes-dlt} instead, with the reason in the same {@code kafka_dlt-*} headers as the
 * undecodable ones, so the merchant sees why and the DLT replay tool can send it back once fixed.
 */
final class InvalidStockReports implements Processor<String, StockChanged, String, StockChanged> {

    private static final Logger log = LoggerFactory.getLogger(InvalidStockReports.class);
    private static final int MAX_PRE_ORDER_DAYS = 30;

    private ProcessorContext<String, StockChanged> context;

    /** Why the report cannot be used, or empty when it can. */
    static Optional<String> problem(StockChanged change) {
        if (change.getMetadata().getMerchantId() == null || change.getMetadata().getMerchantId().isBlank()) {
            return Optional.of("no merchantId");
        }
        if (change.getSku() == null || change.getSku().isBlank()) {
            return Optional.of("no sku");
        }
        if (change.getStoreId() == null || change.getStoreId().isBlank()) {
            return Optional.of("no storeId");
        }
        if (change.getStockCount() < 0) {
            return Optional.of("stockCount below 0: " + change.getStockCount());
        }
        if (change.getPreOrder() < 0 || change.getPreOrder() > MAX_PRE_ORDER_DAYS) {
            return Optional.of("preOrder outside 0.." + MAX_PRE_ORDER_DAYS + ": " + change.getPreOrder());
        }
        return Optional.empty();
    }

    @Override
    public void init(ProcessorContext<String, StockChanged> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, StockChanged> record) {
        String reason = problem(record.value()).orElseThrow();
        log.warn("stock report dead-lettered merchantId={} sku={} reason={}",
                record.value().getMetadata().getMerchantId(), record.key(), reason);
        Record<String, StockChanged> dead = record.withHeaders(record.headers());
        dead.headers().add("kafka_dlt-original-topic", Topics.STOCK_CHANGES.name().getBytes(StandardCharsets.UTF_8));
        dead.headers().add("kafka_dlt-exception-message", ("invalid stock report: " + reason)
                .getBytes(StandardCharsets.UTF_8));
        context.forward(dead);
    }
}
