package kz.kaspibridge.ordercommand.stock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import kz.kaspibridge.ordercommand.orders.Order;
import kz.kaspibridge.ordercommand.orders.OrderCode;
import kz.kaspibridge.ordercommand.orders.OrderEntry;
import kz.kaspibridge.ordercommand.orders.StoreId;

/**
 * Reserves an order's entries all or nothing. The caller reads each sku's {@link SkuStock} from wherever it
 * lives (a state store) and writes back the changed ones it gets in {@link Outcome.Reserved}.
 */
public final class StockReservations {

    private StockReservations() {
    }

    /** Units the order needs per stock key; several entries of one sku add up. */
    public static Map<StockKey, Integer> unitsNeeded(Order order, StoreId defaultStore) {
        Map<StockKey, Integer> needed = new LinkedHashMap<>();
        for (OrderEntry entry : order.entries()) {
            StockKey key = new StockKey(order.merchant(), entry.store().orElse(defaultStore), entry.sku());
            needed.merge(key, entry.quantity(), Integer::sum);
        }
        return needed;
    }

    /**
     * Reserves every entry when stock covers all of them, and nothing otherwise. Asking again for an order that
     * already holds its units reserves nothing more and says {@code Reserved}.
     */
    public static Outcome reserve(Order order, StoreId defaultStore, Function<StockKey, SkuStock> stock,
                                  Instant acceptedAt) {
        return reserve(order.code(), unitsNeeded(order, defaultStore), stock, acceptedAt);
    }

    /** The same, for an order known only by its code and the units it needs per key. */
    public static Outcome reserve(OrderCode code, Map<StockKey, Integer> needed, Function<StockKey, SkuStock> stock,
                                  Instant acceptedAt) {
        Map<StockKey, SkuStock> updated = new LinkedHashMap<>();
        List<Shortage> shortages = new ArrayList<>();
        needed.forEach((key, units) -> {
            SkuStock current = stock.apply(key);
            if (current.heldBy(code) > 0) {
                return;
            }
            int available = current.available();
            if (available < units) {
                shortages.add(new Shortage(key, units, available));
            } else {
                updated.put(key, current.reserve(code, units, acceptedAt));
            }
        });
        return shortages.isEmpty() ? new Outcome.Reserved(updated) : new Outcome.Short(shortages);
    }

    /**
     * Holds the order's units whatever the stock says: the order is accepted without a stock check (the AUTO
     * policy, or a person's {@code AcceptOrder}), and what it takes must still come off the published figure, which
     * may then reach zero. Keys the order already holds are left as they are (replays are harmless). A sku never
     * reported is left alone: its figure is zero whatever is held, and its first report will be newer than this
     * acceptance and so absorb the hold anyway; holding nothing there keeps a merchant that sends no stock at all
     * from growing holds that nothing would ever prune.
     *
     * @return the sku stocks to write back
     */
    public static Map<StockKey, SkuStock> take(OrderCode code, Map<StockKey, Integer> needed,
                                               Function<StockKey, SkuStock> stock, Instant acceptedAt) {
        Map<StockKey, SkuStock> updated = new LinkedHashMap<>();
        needed.forEach((key, units) -> {
            SkuStock current = stock.apply(key);
            if (current.heldBy(code) == 0 && !current.reportedAt().equals(Instant.MIN)) {
                updated.put(key, current.reserve(code, units, acceptedAt));
            }
        });
        return updated;
    }

    /** Releases what the order holds, for each of its keys; keys it holds nothing on are left out. */
    public static Map<StockKey, SkuStock> release(Order order, StoreId defaultStore,
                                                  Function<StockKey, SkuStock> stock, Instant releasedAt) {
        return release(order.code(), unitsNeeded(order, defaultStore).keySet(), stock, releasedAt);
    }

    /** The same, for an order known only by its code and its keys. */
    public static Map<StockKey, SkuStock> release(OrderCode code, Iterable<StockKey> keys,
                                                  Function<StockKey, SkuStock> stock, Instant releasedAt) {
        Map<StockKey, SkuStock> updated = new LinkedHashMap<>();
        for (StockKey key : keys) {
            SkuStock current = stock.apply(key);
            SkuStock released = current.release(code, releasedAt);
            if (!released.equals(current)) {
                updated.put(key, released);
            }
        }
        return updated;
    }

    /**
     * The one store all of the order's entries draw on; empty when they draw on several, which cannot be decided
     * all or nothing in one place (such an order is held for a person to decide).
     */
    public static Optional<StockLocation> location(Order order, StoreId defaultStore) {
        Set<StockLocation> locations = new HashSet<>();
        unitsNeeded(order, defaultStore).keySet().forEach(key -> locations.add(key.location()));
        return locations.size() == 1 ? Optional.of(locations.iterator().next()) : Optional.empty();
    }

    /** One entry stock does not cover. */
    public record Shortage(StockKey key, int wanted, int available) {
        public Shortage {
            Objects.requireNonNull(key, "key");
        }
    }

    public sealed interface Outcome permits Outcome.Reserved, Outcome.Short {

        /** @param updated the sku stocks to write back (empty when the order already held everything) */
        record Reserved(Map<StockKey, SkuStock> updated) implements Outcome {
            public Reserved {
                updated = Map.copyOf(updated);
            }
        }

        /** Nothing was reserved. */
        record Short(List<Shortage> shortages) implements Outcome {
            public Short {
                shortages = List.copyOf(shortages);
                if (shortages.isEmpty()) {
                    throw new IllegalArgumentException("a shortage names at least one entry");
                }
            }
        }
    }
}
