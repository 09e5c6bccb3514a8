package kz.kaspibridge.ordercommand.streams;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import kz.kaspibridge.ordercommand.orders.OrderCode;
import kz.kaspibridge.ordercommand.stock.SkuStock;

/**
 * {@link SkuStock} as the {@code reserved-stock} store keeps it (JSON, epoch millis), with the last report's flags
 * that the published figure carries for the price list.
 *
 * @param storeAvailable the last report's {@code available}; null when never reported (or stored by a version
 *                       before the flags were kept)
 * @param preOrder       the last report's {@code preOrder}; null likewise
 */
record StoredSkuStock(int reportedCount, long reportedAt, Map<String, Hold> holds, Boolean storeAvailable,
                      Integer preOrder) {

    /** {@link Instant#MIN} has no epoch millis: "never reported" is stored as this. */
    private static final long NEVER = Long.MIN_VALUE;

    record Hold(int units, long acceptedAt, Long releasedAt, boolean done) {
    }

    static StoredSkuStock of(SkuStock stock, Boolean storeAvailable, Integer preOrder) {
        Map<String, Hold> holds = new LinkedHashMap<>();
        stock.holds().forEach((code, hold) -> holds.put(code.value(), new Hold(hold.units(),
                hold.acceptedAt().toEpochMilli(), hold.releasedAt().map(Instant::toEpochMilli).orElse(null),
                hold.done())));
        long reported = stock.reportedAt().equals(Instant.MIN) ? NEVER : stock.reportedAt().toEpochMilli();
        return new StoredSkuStock(stock.reportedCount(), reported, holds, storeAvailable, preOrder);
    }

    SkuStock toSkuStock() {
        Map<OrderCode, SkuStock.Hold> domain = new LinkedHashMap<>();
        holds.forEach((code, hold) -> domain.put(new OrderCode(code), new SkuStock.Hold(hold.units(),
                Instant.ofEpochMilli(hold.acceptedAt()), Optional.ofNullable(hold.releasedAt()).map(Instant::ofEpochMilli),
                hold.done())));
        return new SkuStock(reportedCount, reportInstant(), domain);
    }

    Instant reportInstant() {
        return reportedAt == NEVER ? Instant.MIN : Instant.ofEpochMilli(reportedAt);
    }

    boolean reported() {
        return reportedAt != NEVER;
    }
}
