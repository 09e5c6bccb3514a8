package kz.kaspibridge.kaspiclient.shop;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * What {@link KaspiShopClient#listOrders} walks: orders created in {@code [from, to]} (any span; the
 * client cuts it into Kaspi's 14-day windows), in each of {@code states}, optionally only some
 * statuses, with or without their entries. Start with {@link #createdBetween}.
 */
public record OrderQuery(Instant from, Instant to, Set<OrderState> states, Set<OrderStatus> statuses,
                         boolean includeEntries) {

    public OrderQuery {
        if (from == null || to == null || to.isBefore(from)) {
            throw new IllegalArgumentException("from and to are required, from <= to");
        }
        if (states == null || states.isEmpty()) {
            throw new IllegalArgumentException("at least one state is required: Kaspi filters by state");
        }
        if (states.contains(OrderState.UNKNOWN) || (statuses != null && statuses.contains(OrderStatus.UNKNOWN))) {
            throw new IllegalArgumentException("UNKNOWN is what we read for a value Kaspi added, never a filter");
        }
        states = Set.copyOf(EnumSet.copyOf(states));
        statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
    }

    public static OrderQuery createdBetween(Instant from, Instant to, OrderState state, OrderState... more) {
        return new OrderQuery(from, to, EnumSet.of(state, more), Set.of(), false);
    }

    public OrderQuery withStatuses(OrderStatus status, OrderStatus... more) {
        return new OrderQuery(from, to, states, EnumSet.of(status, more), includeEntries);
    }

    public OrderQuery withEntries() {
        return new OrderQuery(from, to, states, statuses, true);
    }
}
