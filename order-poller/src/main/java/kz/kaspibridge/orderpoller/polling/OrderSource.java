package kz.kaspibridge.orderpoller.polling;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Kaspi's order list, as the poller needs it. Implementations walk every page and retry transient failures. */
public interface OrderSource {

    /** Every APPROVED_BY_BANK order created in the window in this state, entries included. */
    List<Order> newOrders(MerchantId merchant, PollWindow window, OrderState state);

    /**
     * Every listing (each window, each state) of new orders, handed to {@code each} one listing at a
     * time, in order, on the calling thread. Implementations may fetch later listings while the
     * caller handles earlier ones.
     */
    default void newOrders(MerchantId merchant, List<PollWindow> windows, Set<OrderState> states,
                           Consumer<List<Order>> each) {
        for (PollWindow window : windows) {
            for (OrderState state : states) {
                each.accept(newOrders(merchant, window, state));
            }
        }
    }

    /** Where every order created in the window in this state stands now, whatever its status. */
    List<OrderSnapshot> standings(MerchantId merchant, PollWindow window, OrderState state);

    /** Where one order stands now, looked up by code: the way to refresh orders older than 14 days. */
    Optional<OrderSnapshot> standing(MerchantId merchant, OrderCode code);
}
