package kz.kaspibridge.orderpoller.statussync;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import kz.kaspibridge.orderpoller.polling.Listing;
import kz.kaspibridge.orderpoller.polling.MerchantId;
import kz.kaspibridge.orderpoller.polling.MerchantPoller;
import kz.kaspibridge.orderpoller.polling.OrderCode;
import kz.kaspibridge.orderpoller.polling.OrderSnapshot;
import kz.kaspibridge.orderpoller.polling.OrderSource;
import kz.kaspibridge.orderpoller.polling.OrderState;
import kz.kaspibridge.orderpoller.polling.StatusChange;

/**
 * One status-sync cycle of one merchant, walked one Kaspi call at a time so that the caller can
 * put a due poll first between any two calls and pace the calls within the sync budget.
 *
 * <p>Open orders are refreshed by listings, not lookups: Kaspi's 14-day limit is on a window's
 * width, not its age, so each state the open orders stand in is listed over the fewest windows
 * that hold their creation dates (one call per page, whatever their status). An order such a
 * listing did not return has moved to another state (a cancellation moves it to ARCHIVE); it
 * alone is looked up by code, right after its listing, so that the change is seen at once.
 * 1,000 open orders spread over 60 days cost about 15 listing calls plus one per moved order.
 */
public final class StatusSync {

    private final MerchantId merchant;
    private final MerchantPoller poller;
    private final OrderSource source;
    private final Instant started;
    private final Deque<Listing> listings;
    private final Deque<OrderCode> lookups = new ArrayDeque<>();
    private final Set<OrderCode> seen = new HashSet<>();
    private Listing current;
    private int nextPage;
    private int calls;
    private int changes;

    private StatusSync(MerchantPoller poller, OrderSource source, Instant started, Deque<Listing> listings,
                       Collection<OrderCode> unlisted) {
        this.merchant = poller.merchant();
        this.poller = poller;
        this.source = source;
        this.started = started;
        this.listings = listings;
        lookups.addAll(unlisted);
    }

    /** Plans a cycle over the orders open now; orders received later are in the next cycle. */
    public static StatusSync plan(MerchantPoller poller, OrderSource source, Instant now) {
        Map<OrderState, List<OrderSnapshot>> byState = new EnumMap<>(OrderState.class);
        List<OrderCode> unlisted = new ArrayList<>();
        for (OrderSnapshot order : poller.tracked()) {
            if (order.state() == OrderState.UNKNOWN) {
                // A state Kaspi added that we cannot filter by: only the code reaches it.
                unlisted.add(order.code());
            } else {
                byState.computeIfAbsent(order.state(), s -> new ArrayList<>()).add(order);
            }
        }
        Deque<Listing> listings = new ArrayDeque<>();
        byState.forEach((state, orders) -> listings.addAll(source.listingsCovering(state, orders)));
        return new StatusSync(poller, source, now, listings, unlisted);
    }

    public boolean done() {
        dropSettledLookups();
        return current == null && listings.isEmpty() && lookups.isEmpty();
    }

    /** Makes the next Kaspi call and publishes what it found changed (empty when nothing did). */
    public List<StatusChange> step() {
        if (done()) {
            throw new IllegalStateException("the sync cycle is complete");
        }
        List<StatusChange> found = lookups.isEmpty() ? nextPage() : lookUp(lookups.poll());
        poller.publishChanges(found);
        changes += found.size();
        return found;
    }

    /** The whole cycle at once, for a caller with nothing to put first (tests, a one-off refresh). */
    public List<StatusChange> runToEnd() {
        List<StatusChange> all = new ArrayList<>();
        while (!done()) {
            all.addAll(step());
        }
        return all;
    }

    /** Kaspi calls made so far in this cycle. */
    public int calls() {
        return calls;
    }

    public int changes() {
        return changes;
    }

    public Instant started() {
        return started;
    }

    private List<StatusChange> nextPage() {
        if (current == null) {
            current = listings.poll();
            nextPage = 0;
        }
        Listing.Page page = source.standings(merchant, current, nextPage);
        calls++;
        nextPage++;
        List<StatusChange> found = new ArrayList<>();
        for (OrderSnapshot listed : page.orders()) {
            // The listing holds orders of every status, most of them not ours or already final.
            if (seen.add(listed.code())) {
                poller.tracked(listed.code()).flatMap(tracked -> StatusChange.between(tracked, listed))
                        .ifPresent(found::add);
            }
        }
        if (nextPage >= page.pageCount()) {
            current.expected().stream().filter(code -> !seen.contains(code)).forEach(lookups::add);
            current = null;
        }
        return found;
    }

    private List<StatusChange> lookUp(OrderCode code) {
        OrderSnapshot tracked = poller.tracked(code).orElseThrow();
        seen.add(code);
        calls++;
        return source.standing(merchant, code).flatMap(standing -> StatusChange.between(tracked, standing))
                .map(List::of).orElse(List.of());
    }

    /** A lookup is needless once a later listing returned the order, or it is no longer open. */
    private void dropSettledLookups() {
        while (!lookups.isEmpty() && (seen.contains(lookups.peek()) || poller.tracked(lookups.peek()).isEmpty())) {
            lookups.poll();
        }
    }
}
