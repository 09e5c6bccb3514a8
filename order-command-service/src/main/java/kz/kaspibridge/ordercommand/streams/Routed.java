package kz.kaspibridge.ordercommand.streams;

import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.delivery.DeliveryCommand;

/** What the order processor sends on, each to its own topic. */
sealed interface Routed permits Routed.ToEffect, Routed.ToResult, Routed.ToStock,
        Routed.ToDelivery {

    /** An intended Kaspi effect, for the executor (keyed by order code). */
    record ToEffect(Effect effect) implements Routed {
    }

    /** A result that needs no Kaspi call (a rejection), straight to kaspi.order-results. */
    record ToResult(OrderCommandResult result) implements Routed {
    }

    /** A delivery command that needs no Kaspi call here ({@code CancelDelivery}), to kaspi.delivery-commands. */
    record ToDelivery(DeliveryCommand command) implements Routed {
    }

    /** A reservation, release or completion for the stock processor (keyed by merchant|store). */
    record ToStock(StockMessage message) implements Routed {
    }
}
