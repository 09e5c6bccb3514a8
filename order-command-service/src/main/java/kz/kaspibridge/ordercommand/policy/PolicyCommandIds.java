package kz.kaspibridge.ordercommand.policy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import kz.kaspibridge.ordercommand.orders.CommandId;
import kz.kaspibridge.ordercommand.orders.Order;

/**
 * Command ids for what the service decides on its own. They derive from the order alone (merchant, code and
 * Kaspi id, as a name-based UUID), so every replay of the same {@code OrderReceived}, on any instance, names the
 * same command and the dedup store lets only the first through.
 */
public final class PolicyCommandIds {

    private PolicyCommandIds() {
    }

    /** The acceptance policy's decision (accept, cancel for stock, hold). */
    public static CommandId acceptance(Order order) {
        return derive("acceptance-policy", order);
    }

    /** The cancellation of a held order whose deadline passed. */
    public static CommandId overdueCancel(Order order) {
        return derive("overdue-cancel", order);
    }

    /** The automatic assembly of an accepted Kaspi Delivery order. */
    public static CommandId autoAssemble(Order order) {
        return derive("auto-assemble", order);
    }

    /** The {@code CancelDelivery} of a cancelled order whose delivery was booked. */
    public static CommandId cancelDelivery(Order order) {
        return derive("cancel-delivery", order);
    }

    private static CommandId derive(String purpose, Order order) {
        String name = purpose + "|" + order.merchant() + "|" + order.code() + "|" + order.id();
        return new CommandId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
    }
}
