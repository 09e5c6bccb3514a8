package kz.kaspibridge.ordercommand.streams;

import java.util.List;

/**
 * The stock processor's answer to a RESERVE, keyed by order code, on {@code order-command-service.reservations}.
 *
 * @param shortages empty when every entry was reserved
 */
record StockDecision(String orderCode, boolean reserved, List<Shortage> shortages) {

    record Shortage(String sku, String store, int wanted, int available) {
    }
}
