package kz.kaspibridge.ordercommand.streams;

import kz.kaspibridge.schemas.catalog.AvailableStock;

/** What the stock processor sends on, each to its own topic. */
sealed interface StockOut permits StockOut.Answer, StockOut.Figure {

    /** The answer to a RESERVE, keyed by order code, back to the order processor. */
    record Answer(StockDecision decision) implements StockOut {
    }

    /** A changed available-stock figure, keyed by {@code merchant|store|sku}, for {@code kaspi.available-stock}. */
    record Figure(AvailableStock figure) implements StockOut {
    }
}
