package kz.kaspibridge.ordercommand.streams;

import java.util.List;

/**
 * What reaches the stock processor, keyed by {@code merchant|store}: a stock report, or an order's request to
 * reserve, release or close its holds. JSON on the {@code stock-requests} and {@code stock-reports} repartition
 * topics.
 *
 * @param kind       REPORT, RESERVE, RELEASE or COMPLETE
 * @param lines      the skus and units concerned (one line for a REPORT, whose units are the stock count)
 * @param occurredAt epoch millis: the report's {@code occurredAt}, or when the order's change was decided
 */
record StockMessage(String kind, String merchant, String store, String orderCode, List<Line> lines,
                    long occurredAt) {

    record Line(String sku, int units) {
    }
}
