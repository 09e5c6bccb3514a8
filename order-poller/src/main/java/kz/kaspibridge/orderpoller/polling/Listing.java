package kz.kaspibridge.orderpoller.polling;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One listing Kaspi can answer page by page: the orders created in one window in one state,
 * whatever their status. The source cut the window, and says which of the orders it was asked
 * about the window holds, so the domain never applies a window boundary rule of its own.
 *
 * @param expected the tracked orders whose creation date lies in this window
 */
public record Listing(OrderState state, Instant from, Instant to, List<OrderCode> expected) {

    public Listing {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        expected = List.copyOf(expected);
    }

    /** One page of a listing, and how many pages the listing has. */
    public record Page(List<OrderSnapshot> orders, int pageCount) {
        public Page {
            orders = List.copyOf(orders);
        }
    }
}
