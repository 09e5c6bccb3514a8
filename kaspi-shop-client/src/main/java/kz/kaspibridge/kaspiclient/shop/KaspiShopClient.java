package kz.kaspibridge.kaspiclient.shop;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import kz.kaspibridge.kaspiclient.ApiToken;
import kz.kaspibridge.kaspiclient.KaspiApiException;
import kz.kaspibridge.kaspiclient.internal.InFlightPermits;
import kz.kaspibridge.kaspiclient.internal.KaspiHttp;
import kz.kaspibridge.kaspiclient.internal.RetryPlan.Safety;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one reactive client of the Kaspi Shop API ({@code /shop/api/v2}). Every call takes the
 * merchant's token, so one client serves every merchant, each with its own rate limit and its own
 * requests in flight: one at a time by default, shared with every other client in the JVM that
 * uses the same token, the others waiting in line (see {@link kz.kaspibridge.kaspiclient.RateLimitSettings}).
 * Failures are {@link KaspiApiException}s; transient ones were already retried where that is safe.
 * Metric: {@code kaspi.client.requests} (timer; tags operation, outcome), one per HTTP attempt.
 */
public final class KaspiShopClient {

    static final MediaType JSON_API = MediaType.valueOf("application/vnd.api+json");

    private final ShopClientSettings settings;
    private final KaspiHttp http;

    public KaspiShopClient(ShopClientSettings settings, MeterRegistry meters) {
        this(settings, meters, Clock.systemUTC());
    }

    /** @param clock reads an HTTP-date {@code Retry-After} */
    public KaspiShopClient(ShopClientSettings settings, MeterRegistry meters, Clock clock) {
        this.settings = settings;
        WebClient webClient = KaspiHttp.webClient(settings.baseUrl(), settings.connectTimeout(),
                settings.responseTimeout(), JSON_API.toString(), settings.userAgent());
        this.http = new KaspiHttp(webClient, "shop", settings.baseUrl(), settings.retry(), settings.rateLimit(), meters,
                clock);
    }

    /**
     * Every order matching the query: each state, each status asked for, each window of at most
     * 14 days, every page, one call after the other (the token's one request in flight would
     * serialise them anyway).
     * An order seen twice (pages shifting under new orders) is emitted once.
     */
    public Flux<KaspiOrder> listOrders(ApiToken token, OrderQuery query) {
        // One status per call, as Kaspi documents the filter; none means every status.
        List<Optional<OrderStatus>> statuses = query.statuses().isEmpty() ? List.of(Optional.empty())
                : query.statuses().stream().map(Optional::of).collect(Collectors.toList());
        Set<OrderId> seen = ConcurrentHashMap.newKeySet();
        return Flux.fromIterable(query.states())
                .concatMap(state -> Flux.fromIterable(statuses)
                        .concatMap(status -> Flux.fromIterable(
                                        OrderWindows.split(query.from(), query.to(), settings.maxWindow()))
                                .concatMap(window -> allPages(token, state, status, window, query.includeEntries()))))
                .filter(order -> seen.add(order.id()));
    }

    /**
     * One page ({@code number} from 0) of the orders created in {@code window} in {@code state},
     * whatever their status: one call. The window must be one of {@link OrderWindows}' (at most
     * {@link ShopClientSettings#maxWindow()} wide); {@link #listOrders} is the way to walk a longer range.
     */
    public Mono<OrderPage> listOrdersPage(ApiToken token, OrderWindows.Window window, OrderState state, int number) {
        if (window.span().compareTo(settings.maxWindow()) > 0 || state == OrderState.UNKNOWN || number < 0) {
            return Mono.error(new IllegalArgumentException(
                    "a page needs a window of at most " + settings.maxWindow() + ", a known state and a page number >= 0"));
        }
        return page(token, state, Optional.empty(), window, false, number)
                .map(page -> new OrderPage(page.orders(), page.pageCount()));
    }

    /** The order, or empty when this merchant has none with that code (works for any age). */
    public Mono<KaspiOrder> findOrder(ApiToken token, OrderCode code) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("filter[orders][code]", code.value());
        return http.execute(read("orders.find", token, uri("/orders", params)), JsonApiOrders::page)
                .flatMap(page -> Mono.justOrEmpty(page.orders().stream().findFirst()));
    }

    public Mono<KaspiOrder> getOrder(ApiToken token, OrderId id) {
        return http.execute(read("orders.get", token, uri("/orders/" + id.value(), Map.of())), JsonApiOrders::single);
    }

    public Mono<KaspiOrder> getOrderWithEntries(ApiToken token, OrderId id) {
        return http.execute(read("orders.get", token, uri("/orders/" + id.value(), Map.of("include[orders]", "entries"))),
                JsonApiOrders::single);
    }

    public Mono<List<OrderEntry>> getEntries(ApiToken token, OrderId id) {
        return http.execute(read("orders.entries", token, uri("/orders/" + id.value() + "/entries", Map.of())),
                JsonApiOrders::entries);
    }

    /** APPROVED_BY_BANK to ACCEPTED_BY_MERCHANT; anything else is {@link KaspiApiException.Rejected}. */
    public Mono<KaspiOrder> accept(ApiToken token, OrderId id, OrderCode code) {
        return change("orders.accept", token, id, code, Map.of("status", "ACCEPTED_BY_MERCHANT"), Map.of());
    }

    /** @param comment optional, at most 1000 characters */
    public Mono<KaspiOrder> cancel(ApiToken token, OrderId id, OrderCode code, CancellationReason reason,
                                   String comment) {
        if (comment != null && comment.length() > 1000) {
            return Mono.error(new IllegalArgumentException("cancellation comment exceeds 1000 characters"));
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("status", "CANCELLED");
        attributes.put("cancellationReason", reason.name());
        if (comment != null) {
            attributes.put("cancellationComment", comment);
        }
        return change("orders.cancel", token, id, code, attributes, Map.of());
    }

    /** Completion, step one: Kaspi texts the buyer a security code. */
    public Mono<KaspiOrder> sendCompletionCode(ApiToken token, OrderId id, OrderCode code) {
        return change("orders.send-code", token, id, code, Map.of("status", "COMPLETED"),
                Map.of("X-Send-Code", "true", "X-Security-Code", ""));
    }

    /** Completion, step two: the code the buyer read out. A wrong one is {@link KaspiApiException.Rejected}. */
    public Mono<KaspiOrder> complete(ApiToken token, OrderId id, OrderCode code, String securityCode) {
        if (securityCode == null || securityCode.isBlank()) {
            return Mono.error(new IllegalArgumentException("security code is required; use sendCompletionCode first"));
        }
        return change("orders.complete", token, id, code, Map.of("status", "COMPLETED"),
                Map.of("X-Send-Code", "true", "X-Security-Code", securityCode));
    }

    /** Kaspi Delivery: hands over {@code numberOfSpace} parcels; the waybill URL appears on the order later. */
    public Mono<KaspiOrder> assemble(ApiToken token, OrderId id, OrderCode code, int numberOfSpace) {
        return change("orders.assemble", token, id, code,
                Map.of("status", "ASSEMBLE", "numberOfSpace", numberOfSpace), Map.of());
    }

    private Flux<KaspiOrder> allPages(ApiToken token, OrderState state, Optional<OrderStatus> status,
                                      OrderWindows.Window window, boolean includeEntries) {
        return page(token, state, status, window, includeEntries, 0).flatMapMany(first -> Flux.concat(
                Flux.fromIterable(first.orders()),
                Flux.range(1, Math.max(0, first.pageCount() - 1))
                        .concatMap(number -> page(token, state, status, window, includeEntries, number))
                        .concatMapIterable(JsonApiOrders.Page::orders)));
    }

    private Mono<JsonApiOrders.Page> page(ApiToken token, OrderState state, Optional<OrderStatus> status,
                                          OrderWindows.Window window, boolean includeEntries, int number) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("page[number]", number);
        params.put("page[size]", settings.pageSize());
        params.put("filter[orders][state]", state.name());
        params.put("filter[orders][creationDate][$ge]", window.from().toEpochMilli());
        params.put("filter[orders][creationDate][$le]", window.to().toEpochMilli());
        status.ifPresent(value -> params.put("filter[orders][status]", value.name()));
        if (includeEntries) {
            params.put("include[orders]", "entries");
        }
        return http.execute(read("orders.list", token, uri("/orders", params)), JsonApiOrders::page);
    }

    private KaspiHttp.Call read(String operation, ApiToken token, URI uri) {
        return new KaspiHttp.Call(operation, token.value(), Safety.IDEMPOTENT,
                client -> client.get().uri(uri).header("X-Auth-Token", token.value()));
    }

    // Status changes are not idempotent in Kaspi (a second accept is refused), so they retry only
    // what Kaspi cannot have acted on; see RetryPlan.
    private Mono<KaspiOrder> change(String operation, ApiToken token, OrderId id, OrderCode code,
                                    Map<String, Object> attributes, Map<String, String> headers) {
        Map<String, Object> allAttributes = new LinkedHashMap<>();
        allAttributes.put("code", code.value());
        allAttributes.putAll(attributes);
        Map<String, Object> body = Map.of("data", Map.of("type", "orders", "id", id.value(), "attributes", allAttributes));
        URI uri = uri("/orders", Map.of());
        return http.execute(new KaspiHttp.Call(operation, token.value(), Safety.NOT_IDEMPOTENT,
                client -> client.post().uri(uri)
                        .header("X-Auth-Token", token.value())
                        .headers(h -> headers.forEach(h::set))
                        .contentType(JSON_API)
                        .bodyValue(body)), JsonApiOrders::single);
    }

    /** The permits this token's calls share in the JVM; for tests. */
    InFlightPermits permitsOf(ApiToken token) {
        return http.permitsOf(token.value());
    }

    // Kaspi's parameter names hold brackets, which must go out percent-encoded.
    private URI uri(String path, Map<String, ?> params) {
        UriComponentsBuilder builder = UriComponentsBuilder.fromUri(settings.baseUrl()).path(path);
        params.forEach(builder::queryParam);
        return builder.encode().build().toUri();
    }
}
