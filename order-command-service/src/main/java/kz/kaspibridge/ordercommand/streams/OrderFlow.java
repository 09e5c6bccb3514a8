package kz.kaspibridge.ordercommand.streams;

import kz.kaspibridge.ordercommand.commands.OrderCommand;
import kz.kaspibridge.ordercommand.orders.Order;
import kz.kaspibridge.ordercommand.orders.OrderStatus;

/**
 * Everything the order processor reacts to, keyed by order code: mapped once from the Avro envelopes (and the
 * internal reservation answers), so the processor dispatches over one sealed family.
 */
sealed interface OrderFlow
        permits OrderFlow.Received, OrderFlow.StatusChanged, OrderFlow.Command, OrderFlow.Reservation,
        OrderFlow.DeliveryRequested, OrderFlow.Unreadable {

    /** @param eventId the event's id, the causation of what follows */
    record Received(Order order, String eventId, String correlationId) implements OrderFlow {
    }

    record StatusChanged(OrderStatus status, String merchant, String eventId) implements OrderFlow {
    }

    record Command(OrderCommand command, String eventId, String correlationId) implements OrderFlow {
    }

    record Reservation(StockDecision decision) implements OrderFlow {
    }

    /** Our own {@code BookDelivery}, read back from {@code kaspi.delivery-commands}: the order has a delivery. */
    record DeliveryRequested(String merchant, String eventId) implements OrderFlow {
    }

    /**
     * A record that decoded but cannot become a domain value (for example an order without entries, or a command
     * naming a symbol this version does not know): answered with a rejection where it is a command, logged.
     */
    record Unreadable(String commandId, String merchant, String what, String eventId) implements OrderFlow {
    }
}
