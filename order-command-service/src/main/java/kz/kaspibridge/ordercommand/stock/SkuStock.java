package kz.kaspibridge.ordercommand.stock;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import kz.kaspibridge.ordercommand.orders.OrderCode;

/**
 * The one rule for available stock of one sku in one store, shared by every decision and by the published
 * figure.
 *
 * <p><b>available = reported count − units of orders accepted at or after the report's {@code occurredAt}
 * (still held) + units of orders accepted before the report and released (cancelled or returned) at or
 * after it.</b>
 *
 * <p>The merchant's own system deducts the orders it knows about before it reports, so a report supersedes
 * every hold accepted before it: those are not deducted twice. A release of such an absorbed hold gives the
 * units back until the merchant's next report, which then already counts them. A report older than the one
 * held is stale and ignored. With no report at all the count is zero: nothing is sold that nobody reported.
 *
 * @param reportedCount the last {@code StockChanged.stockCount}
 * @param reportedAt    its {@code metadata.occurredAt}; {@link Instant#MIN} when nothing was reported
 * @param holds         the orders accepted against this sku that still matter to the figure
 */
public record SkuStock(int reportedCount, Instant reportedAt, Map<OrderCode, Hold> holds) {

    public SkuStock {
        Objects.requireNonNull(reportedAt, "reportedAt");
        holds = Map.copyOf(holds);
    }

    /** Nothing reported, nothing held. */
    public static SkuStock unreported() {
        return new SkuStock(0, Instant.MIN, Map.of());
    }

    public int available() {
        int available = reportedCount;
        for (Hold hold : holds.values()) {
            available += hold.effect(reportedAt);
        }
        return available;
    }

    /** Units this order holds (0 when it holds none). */
    public int heldBy(OrderCode order) {
        Hold hold = holds.get(order);
        return hold == null || hold.releasedAt().isPresent() ? 0 : hold.units();
    }

    /**
     * Holds {@code units} for an accepted order. Idempotent: an order already holding keeps its first hold.
     * The caller checks {@link #available()} first (see {@link StockReservations}).
     */
    public SkuStock reserve(OrderCode order, int units, Instant acceptedAt) {
        if (units < 1) {
            throw new IllegalArgumentException("units must be positive: " + units);
        }
        if (holds.containsKey(order)) {
            return this;
        }
        Map<OrderCode, Hold> next = new LinkedHashMap<>(holds);
        next.put(order, new Hold(units, acceptedAt, Optional.empty(), false));
        return new SkuStock(reportedCount, reportedAt, next);
    }

    /** The order was cancelled or returned: its units count again. Idempotent. */
    public SkuStock release(OrderCode order, Instant releasedAt) {
        Hold hold = holds.get(order);
        if (hold == null || hold.releasedAt().isPresent()) {
            return this;
        }
        return with(order, new Hold(hold.units(), hold.acceptedAt(), Optional.of(releasedAt), hold.done()))
                .pruned();
    }

    /** The order is completed: once a report supersedes its hold, the hold is forgotten. */
    public SkuStock complete(OrderCode order) {
        Hold hold = holds.get(order);
        if (hold == null || hold.done()) {
            return this;
        }
        return with(order, new Hold(hold.units(), hold.acceptedAt(), hold.releasedAt(), true)).pruned();
    }

    /** A stock report. A stale one (older than the last) changes nothing. */
    public SkuStock report(int stockCount, Instant occurredAt) {
        if (occurredAt.isBefore(reportedAt)) {
            return this;
        }
        return new SkuStock(stockCount, occurredAt, holds).pruned();
    }

    private SkuStock with(OrderCode order, Hold hold) {
        Map<OrderCode, Hold> next = new LinkedHashMap<>(holds);
        next.put(order, hold);
        return new SkuStock(reportedCount, reportedAt, next);
    }

    /** Drops holds that can never change the figure again, so the state stays small. */
    private SkuStock pruned() {
        Map<OrderCode, Hold> next = new LinkedHashMap<>();
        holds.forEach((order, hold) -> {
            if (!hold.isSpent(reportedAt)) {
                next.put(order, hold);
            }
        });
        return next.size() == holds.size() ? this : new SkuStock(reportedCount, reportedAt, next);
    }

    /**
     * Units an accepted order holds.
     *
     * @param done the order is completed: it will never be released
     */
    public record Hold(int units, Instant acceptedAt, Optional<Instant> releasedAt, boolean done) {

        public Hold {
            Objects.requireNonNull(acceptedAt, "acceptedAt");
            Objects.requireNonNull(releasedAt, "releasedAt");
        }

        boolean absorbedBy(Instant reportedAt) {
            return acceptedAt.isBefore(reportedAt);
        }

        /** What this hold adds to the reported count: minus its units, plus them back, or nothing. */
        int effect(Instant reportedAt) {
            boolean released = releasedAt.isPresent();
            if (!absorbedBy(reportedAt)) {
                return released ? 0 : -units;
            }
            return released && !releasedAt.get().isBefore(reportedAt) ? units : 0;
        }

        /** It can no longer change the figure: netted out, or absorbed by a report with nothing left to give back. */
        boolean isSpent(Instant reportedAt) {
            boolean released = releasedAt.isPresent();
            if (!absorbedBy(reportedAt)) {
                return released;
            }
            return released ? releasedAt.get().isBefore(reportedAt) : done;
        }
    }
}
