package kz.kaspibridge.orderpoller.polling;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Kaspi's order list, as the poller needs it. Implementations retry transient failures. */
public interface OrderSource {

    /**
     * Every APPROVED_BY_BANK order created in the range in each of the states, entries included,
     * handed to {@code each} one listing (Kaspi window and state, every page) at a time, in order,
     * on the calling thread, so that what was handed over survives a failure later in the walk.
     */
    void newOrders(MerchantId merchant, CreationRange range, Set<OrderState> states, Consumer<List<Order>> each);

    /**
     * The fewest listings in {@code state} whose windows hold the creation dates of {@code orders},
     * each with the orders it holds. Computation only, no call.
     */
    List<Listing> listingsCovering(OrderState state, Collection<OrderSnapshot> orders);

    /** Page {@code page} (from 0) of a listing: one call. */
    Listing.Page standings(MerchantId merchant, Listing listing, int page);

    /** Where one order stands now, looked up by code: one call, for the orders no listing returned. */
    Optional<OrderSnapshot> standing(MerchantId merchant, OrderCode code);
}
