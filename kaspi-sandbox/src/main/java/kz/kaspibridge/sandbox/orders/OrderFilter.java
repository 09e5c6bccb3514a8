package kz.kaspibridge.sandbox.orders;

import java.time.Instant;
import java.util.Set;

/** The filters of {@code GET /orders}, already validated; an empty status set means any status. */
public record OrderFilter(Instant from, Instant to, OrderState state, Set<OrderStatus> statuses) {

    boolean matches(SandboxOrder order) {
        OrderSnapshot now = order.snapshot();
        return now.state() == state && (statuses.isEmpty() || statuses.contains(now.status()));
    }
}
