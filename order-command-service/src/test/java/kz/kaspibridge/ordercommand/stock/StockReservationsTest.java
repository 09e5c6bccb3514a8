package kz.kaspibridge.ordercommand.stock;

import static kz.kaspibridge.ordercommand.Orders.MERCHANT;
import static kz.kaspibridge.ordercommand.Orders.STORE;
import static kz.kaspibridge.ordercommand.Orders.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import kz.kaspibridge.ordercommand.orders.Order;
import kz.kaspibridge.ordercommand.orders.Sku;
import kz.kaspibridge.ordercommand.orders.StoreId;
import kz.kaspibridge.ordercommand.stock.StockReservations.Outcome;
import org.junit.jupiter.api.Test;

class StockReservationsTest {

    private static final Instant REPORTED = Instant.parse("2026-12-01T09:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    /** An in-memory stand-in for the state store. */
    private final Map<StockKey, SkuStock> store = new HashMap<>();

    private void stock(String sku, int count) {
        store.put(key(sku), SkuStock.unreported().report(count, REPORTED));
    }

    private static StockKey key(String sku) {
        return new StockKey(MERCHANT, STORE, new Sku(sku));
    }

    private Outcome reserve(Order order) {
        Outcome outcome = StockReservations.reserve(order, STORE, k -> store.getOrDefault(k, SkuStock.unreported()),
                NOW);
        if (outcome instanceof Outcome.Reserved) {
            store.putAll(((Outcome.Reserved) outcome).updated());
        }
        return outcome;
    }

    private int available(String sku) {
        return store.getOrDefault(key(sku), SkuStock.unreported()).available();
    }

    @Test
    void reservesEveryEntryWhenStockCoversAll() {
        stock("A", 5);
        stock("B", 1);

        Outcome outcome = reserve(anOrder().entry("A", 2).entry("B", 1).build());

        assertThat(outcome).isInstanceOf(Outcome.Reserved.class);
        assertThat(available("A")).isEqualTo(3);
        assertThat(available("B")).isZero();
    }

    @Test
    void aMultiEntryOrderShortOnOneSkuReservesNothing() {
        stock("A", 5);
        stock("B", 1);

        Outcome outcome = reserve(anOrder().entry("A", 2).entry("B", 2).build());

        assertThat(outcome).isInstanceOf(Outcome.Short.class);
        assertThat(((Outcome.Short) outcome).shortages())
                .containsExactly(new StockReservations.Shortage(key("B"), 2, 1));
        assertThat(available("A")).isEqualTo(5);
        assertThat(available("B")).isEqualTo(1);
    }

    @Test
    void entriesOfTheSameSkuAddUp() {
        stock("A", 3);

        assertThat(reserve(anOrder().entry("A", 2).entry("A", 2).build())).isInstanceOf(Outcome.Short.class);
        assertThat(available("A")).isEqualTo(3);
    }

    @Test
    void anUnreportedSkuIsShort() {
        assertThat(reserve(anOrder().entry("NEVER", 1).build())).isInstanceOf(Outcome.Short.class);
    }

    @Test
    void anEntryDrawsOnTheStoreKaspiNamesAndOtherwiseOnTheDefaultStore() {
        store.put(new StockKey(MERCHANT, new StoreId("PP2"), new Sku("A")), SkuStock.unreported().report(1, REPORTED));

        assertThat(reserve(anOrder().entryFrom("PP2", "A", 1).build())).isInstanceOf(Outcome.Reserved.class);
        assertThat(reserve(anOrder().code("2").entry("A", 1).build())).isInstanceOf(Outcome.Short.class);
    }

    @Test
    void reservingTheSameOrderAgainTakesNothingMore() {
        stock("A", 2);
        Order order = anOrder().entry("A", 2).build();

        reserve(order);
        Outcome again = reserve(order);

        assertThat(again).isEqualTo(new Outcome.Reserved(Map.of()));
        assertThat(available("A")).isZero();
    }

    @Test
    void fiftyOrdersForTenUnitsAcceptExactlyTen() {
        stock("A", 10);
        int reserved = 0;
        for (int i = 0; i < 50; i++) {
            if (reserve(anOrder().code("R" + i).entry("A", 1).build()) instanceof Outcome.Reserved) {
                reserved++;
            }
        }

        assertThat(reserved).isEqualTo(10);
        assertThat(available("A")).isZero();
    }

    @Test
    void releasingAnOrderGivesBackEveryEntry() {
        stock("A", 5);
        stock("B", 1);
        Order order = anOrder().entry("A", 2).entry("B", 1).build();
        reserve(order);

        Map<StockKey, SkuStock> released = StockReservations.release(order, STORE, store::get, NOW.plusSeconds(60));
        store.putAll(released);

        assertThat(released).containsOnlyKeys(key("A"), key("B"));
        assertThat(available("A")).isEqualTo(5);
        assertThat(available("B")).isEqualTo(1);
    }

    @Test
    void releasingAnOrderThatHoldsNothingChangesNothing() {
        stock("A", 5);

        assertThat(StockReservations.release(anOrder().entry("A", 1).build(), STORE, store::get, NOW)).isEmpty();
    }

    @Test
    void takeHoldsWhateverTheStockSaysAndOnlyOnce() {
        stock("A", 1);
        Order order = anOrder().entry("A", 3).build();

        store.putAll(StockReservations.take(order.code(), StockReservations.unitsNeeded(order, STORE),
                k -> store.getOrDefault(k, SkuStock.unreported()), NOW));
        assertThat(available("A")).isEqualTo(-2);
        assertThat(StockReservations.take(order.code(), StockReservations.unitsNeeded(order, STORE),
                k -> store.getOrDefault(k, SkuStock.unreported()), NOW)).as("a replay takes nothing more").isEmpty();
        assertThat(reserve(anOrder().code("NEXT").entry("A", 1).build())).isInstanceOf(Outcome.Short.class);
    }

    @Test
    void takeLeavesSkusNobodyReportedAlone() {
        Order order = anOrder().entry("NEVER", 1).build();

        assertThat(StockReservations.take(order.code(), StockReservations.unitsNeeded(order, STORE),
                k -> store.getOrDefault(k, SkuStock.unreported()), NOW)).isEmpty();
    }
}
