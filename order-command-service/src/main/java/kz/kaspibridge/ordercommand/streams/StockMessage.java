package kz.kaspibridge.ordercommand.streams;

import java.util.List;

/**
 * What reaches the stock processor, keyed by {@code merchant|store}: a stock report, or an order's request to
 * reserve, take, release or close its holds. JSON on the {@code stock-requests} and {@code stock-reports}
 * repartition topics.
 *
 * @param kind           REPORT; RESERVE (all or nothing, answered); TAKE (hold without a stock check, for an order
 *                       accepted without one: AUTO, or a person's AcceptOrder; not answered); RELEASE; COMPLETE
 * @param lines          the skus and units concerned (one line for a REPORT, whose units are the stock count)
 * @param occurredAt     epoch millis: the report's {@code occurredAt}, or when the order's change was decided
 * @param storeAvailable a REPORT's {@code StockChanged.available}; null otherwise
 * @param preOrder       a REPORT's {@code StockChanged.preOrder}; null otherwise
 */
record StockMessage(String kind, String merchant, String store, String orderCode, List<Line> lines,
                    long occurredAt, Boolean storeAvailable, Integer preOrder) {

    record Line(String sku, int units) {
    }

    static StockMessage forOrder(String kind, String merchant, String store, String orderCode, List<Line> lines,
                                 long occurredAt) {
        return new StockMessage(kind, merchant, store, orderCode, lines, occurredAt, null, null);
    }
}
