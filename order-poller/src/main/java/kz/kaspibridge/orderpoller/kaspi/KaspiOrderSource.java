package kz.kaspibridge.orderpoller.kaspi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.Map;
import java.util.Optional;
import kz.kaspibridge.kaspiclient.ApiToken;
import kz.kaspibridge.kaspiclient.KaspiApiException;
import kz.kaspibridge.kaspiclient.shop.KaspiOrder;
import kz.kaspibridge.kaspiclient.shop.KaspiShopClient;
import kz.kaspibridge.kaspiclient.shop.OrderQuery;
import kz.kaspibridge.kaspiclient.shop.OrderWindows;
import kz.kaspibridge.orderpoller.polling.CreationRange;
import kz.kaspibridge.orderpoller.polling.Listing;
import kz.kaspibridge.orderpoller.polling.MerchantId;
import kz.kaspibridge.orderpoller.polling.Order;
import kz.kaspibridge.orderpoller.polling.OrderCode;
import kz.kaspibridge.orderpoller.polling.OrderEventsException;
import kz.kaspibridge.orderpoller.polling.OrderSnapshot;
import kz.kaspibridge.orderpoller.polling.OrderSource;
import kz.kaspibridge.orderpoller.polling.OrderSourceException;
import kz.kaspibridge.orderpoller.polling.OrderSourceException.Failure;
import kz.kaspibridge.orderpoller.polling.OrderState;
import kz.kaspibridge.orderpoller.polling.OrderStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * {@link OrderSource} on the shared reactive {@link KaspiShopClient}, which already walks pages,
 * honours the rate limit per token and retries transient failures. Each merchant's poll runs on its
 * own thread, so waiting here (bounded) blocks no one else.
 */
public final class KaspiOrderSource implements OrderSource {

    /**
     * Reads are idempotent, and a garbled body is a transport accident, yet the client does not
     * retry it (it cannot know a GET is behind every call); so a listing is read again, twice at most.
     */
    private static final Retry MALFORMED_AGAIN = Retry.backoff(2, Duration.ofMillis(100))
            .filter(e -> e instanceof KaspiApiException.MalformedResponse)
            .onRetryExhaustedThrow((spec, signal) -> signal.failure());

    private final KaspiShopClient client;
    private final Map<MerchantId, ApiToken> tokens;
    private final Duration callLimit;
    private final int listingConcurrency;
    private final Duration maxWindow;

    /**
     * @param callLimit          longest wait for one listing (all its pages) or lookup
     * @param listingConcurrency listings (window and state) of one merchant fetched at once
     * @param maxWindow          widest creation-date window Kaspi accepts (the client's setting)
     */
    public KaspiOrderSource(KaspiShopClient client, Map<MerchantId, ApiToken> tokens, Duration callLimit,
                            int listingConcurrency, Duration maxWindow) {
        this.client = client;
        this.tokens = Map.copyOf(tokens);
        this.callLimit = callLimit;
        this.listingConcurrency = listingConcurrency;
        this.maxWindow = maxWindow;
    }

    /**
     * The range is cut into Kaspi's windows by the client's one rule ({@link OrderWindows}); each
     * window and state is one listing, fetched {@code listingConcurrency} at a time, ahead of the
     * caller, in order.
     */
    @Override
    public void newOrders(MerchantId merchant, CreationRange range, Set<OrderState> states,
                          Consumer<List<Order>> each) {
        List<OrderQuery> listings = new ArrayList<>();
        for (OrderWindows.Window window : OrderWindows.split(range.from(), range.to(), maxWindow)) {
            states.forEach(state -> listings.add(OrderQuery.createdBetween(window.from(), window.to(),
                    KaspiEnums.filter(state)).withStatuses(kz.kaspibridge.kaspiclient.shop.OrderStatus.APPROVED_BY_BANK)
                    .withEntries()));
        }
        ApiToken token = token(merchant);
        Flux<List<Order>> fetched = Flux.fromIterable(listings).flatMapSequential(query -> client
                .listOrders(token, query).map(KaspiOrders::order).collectList()
                .retryWhen(MALFORMED_AGAIN).timeout(callLimit), listingConcurrency, 1);
        // Closing the stream cancels listings still in flight when the caller fails (Kafka refused a batch).
        try (Stream<List<Order>> listed = fetched.toStream(1)) {
            listed.forEachOrdered(each);
        } catch (OrderSourceException | OrderEventsException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translated(e);
        }
    }

    @Override
    public List<Listing> listingsCovering(OrderState state, Collection<OrderSnapshot> orders) {
        List<OrderWindows.Window> windows = OrderWindows.covering(
                orders.stream().map(OrderSnapshot::creationDate).toList(), maxWindow);
        List<Listing> listings = new ArrayList<>();
        for (OrderWindows.Window window : windows) {
            List<OrderCode> held = orders.stream().filter(o -> window.contains(o.creationDate()))
                    .map(OrderSnapshot::code).toList();
            listings.add(new Listing(state, window.from(), window.to(), held));
        }
        return listings;
    }

    @Override
    public Listing.Page standings(MerchantId merchant, Listing listing, int page) {
        Mono<Listing.Page> fetched = client.listOrdersPage(token(merchant),
                        new OrderWindows.Window(listing.from(), listing.to()), KaspiEnums.filter(listing.state()), page)
                .map(p -> new Listing.Page(p.orders().stream().map(KaspiOrders::snapshot).toList(), p.pageCount()));
        return await(fetched.flux()).get(0);
    }

    @Override
    public Optional<OrderSnapshot> standing(MerchantId merchant, OrderCode code) {
        Mono<OrderSnapshot> found = client.findOrder(token(merchant),
                new kz.kaspibridge.kaspiclient.shop.OrderCode(code.value())).map(KaspiOrders::snapshot)
                .onErrorResume(KaspiApiException.NotFound.class, notFound -> Mono.empty());
        return await(found.flux()).stream().findFirst();
    }

    private ApiToken token(MerchantId merchant) {
        ApiToken token = tokens.get(merchant);
        if (token == null) {
            throw new IllegalArgumentException("no token configured for merchant " + merchant);
        }
        return token;
    }

    private <T> List<T> await(Flux<T> results) {
        try {
            return results.collectList().retryWhen(MALFORMED_AGAIN).timeout(callLimit).block();
        } catch (RuntimeException e) {
            throw translated(e);
        }
    }

    /** The client's typed errors, and Reactor's wrapping of timeouts, as the port's failures. */
    private OrderSourceException translated(RuntimeException e) {
        Throwable cause = e instanceof KaspiApiException ? e : e.getCause();
        if (cause instanceof KaspiApiException kaspi) {
            return new OrderSourceException(failure(kaspi), kaspi.getMessage(), kaspi);
        }
        if (cause instanceof TimeoutException) {
            // Our overall limit fired: the client's own per-call timeouts should have fired first.
            return new OrderSourceException(Failure.TIMEOUT, "no answer within " + callLimit, e);
        }
        return new OrderSourceException(Failure.OTHER, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }

    static Failure failure(KaspiApiException e) {
        if (e instanceof KaspiApiException.Unauthorized) {
            return Failure.UNAUTHORIZED;
        } else if (e instanceof KaspiApiException.RateLimited) {
            return Failure.RATE_LIMITED;
        } else if (e instanceof KaspiApiException.Timeout) {
            return Failure.TIMEOUT;
        } else if (e instanceof KaspiApiException.MalformedResponse) {
            return Failure.MALFORMED;
        } else if (e instanceof KaspiApiException.Rejected) {
            return Failure.REJECTED;
        } else if (e instanceof KaspiApiException.ServerError || e instanceof KaspiApiException.ConnectionFailed) {
            return Failure.UNAVAILABLE;
        }
        return Failure.OTHER;
    }

    /** Client model to domain, in one place. */
    static final class KaspiOrders {

        private KaspiOrders() {
        }

        static OrderSnapshot snapshot(KaspiOrder o) {
            return new OrderSnapshot(o.id().value(), new OrderCode(o.code().value()), status(o), state(o),
                    o.creationDate());
        }

        static Order order(KaspiOrder o) {
            return new Order(o.id().value(), new OrderCode(o.code().value()), status(o), state(o), o.creationDate(),
                    o.approvedByBankDate(), o.plannedDeliveryDate(), o.totalPrice(), o.deliveryCost(),
                    o.deliveryCostForSeller(), o.paymentMode(),
                    o.deliveryMode() == null ? null : o.deliveryMode().name(), o.isKaspiDelivery(), o.preOrder(),
                    o.signatureRequired(), o.creditTerm(), o.pickupPointId(), customer(o), address(o),
                    o.kaspiDelivery().map(d -> d.waybill()).orElse(null),
                    o.entries().stream().map(KaspiOrders::entry).toList());
        }

        private static OrderStatus status(KaspiOrder o) {
            return KaspiEnums.status(o.status());
        }

        private static OrderState state(KaspiOrder o) {
            return KaspiEnums.state(o.state());
        }

        private static Order.Customer customer(KaspiOrder o) {
            var c = o.customer();
            return c == null ? null : new Order.Customer(c.id(), c.firstName(), c.lastName(), c.cellPhone());
        }

        private static Order.Address address(KaspiOrder o) {
            var a = o.deliveryAddress();
            return a == null ? null : new Order.Address(a.formattedAddress(), a.streetName(), a.streetNumber(),
                    a.town(), a.district(), a.building(), a.apartment(), a.latitude(), a.longitude());
        }

        private static Order.Entry entry(kz.kaspibridge.kaspiclient.shop.OrderEntry e) {
            return new Order.Entry(e.id(), e.offerCode(), e.offerName(), e.quantity(), e.basePrice(), e.totalPrice(),
                    e.weightKg(), e.categoryCode(), e.deliveryPointOfServiceId());
        }
    }
}
