package kz.kaspibridge.sandbox.shopapi;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import kz.kaspibridge.sandbox.orders.OrderBook;
import kz.kaspibridge.sandbox.orders.OrderFilter;
import kz.kaspibridge.sandbox.orders.OrderPage;
import kz.kaspibridge.sandbox.orders.OrderSnapshot;
import kz.kaspibridge.sandbox.orders.OrderState;
import kz.kaspibridge.sandbox.orders.OrderStatus;
import kz.kaspibridge.sandbox.orders.SandboxOrder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/** The read side of the Shop API, with Kaspi's validation rules for {@code GET /orders}. */
@RestController
@RequestMapping("/shop/api/v2/orders")
class ShopApiController {

    static final Duration MAX_WINDOW = Duration.ofDays(14);
    static final String WINDOW_TOO_WIDE = "Exceeded the maximum difference between dates: 14 days";

    private final OrderBook orders;

    ShopApiController(OrderBook orders) {
        this.orders = orders;
    }

    @GetMapping
    ResponseEntity<Object> list(@RequestParam MultiValueMap<String, String> params,
                                @RequestAttribute(ShopApiGate.MERCHANT_ATTRIBUTE) String merchantId,
                                ServerWebExchange exchange) {
        OrderDocuments documents = documents(exchange);
        boolean includeEntries = "entries".equals(params.getFirst("include[orders]"));
        String code = params.getFirst("filter[orders][code]");
        if (code != null) {
            // Kaspi's own documented lookup: by code alone, no window, the way to refresh old orders.
            List<OrderSnapshot> found = orders.findByCode(merchantId, code).map(SandboxOrder::snapshot)
                    .map(List::of).orElse(List.of());
            return ok(documents.list(found, found.size(), found.size(), includeEntries));
        }
        try {
            int page = requiredInt(params, "page[number]", 0, Integer.MAX_VALUE);
            int size = requiredInt(params, "page[size]", 1, 100);
            OrderState state = parseEnum(OrderState.class, required(params, "filter[orders][state]"),
                    "filter[orders][state]");
            Instant from = Instant.ofEpochMilli(requiredLong(params, "filter[orders][creationDate][$ge]"));
            Instant to = Optional.ofNullable(params.getFirst("filter[orders][creationDate][$le]"))
                    .map(value -> Instant.ofEpochMilli(parseLong(value, "filter[orders][creationDate][$le]")))
                    .orElseGet(orders::now);
            if (to.isBefore(from)) {
                throw new InvalidQuery("filter[orders][creationDate][$le] must not be before $ge");
            }
            if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
                throw new InvalidQuery(WINDOW_TOO_WIDE);
            }
            OrderPage result = orders.list(merchantId, new OrderFilter(from, to, state, statuses(params)), page, size);
            return ok(documents.list(result.orders(), result.pageCount(), result.totalCount(), includeEntries));
        } catch (InvalidQuery e) {
            return KaspiErrors.badRequest(e.getMessage());
        }
    }

    @GetMapping("/{id}")
    ResponseEntity<Object> one(@PathVariable String id, @RequestParam MultiValueMap<String, String> params,
                               @RequestAttribute(ShopApiGate.MERCHANT_ATTRIBUTE) String merchantId,
                               ServerWebExchange exchange) {
        boolean includeEntries = "entries".equals(params.getFirst("include[orders]"));
        return orders.find(merchantId, id)
                .map(order -> ok(documents(exchange).single(order.snapshot(), includeEntries)))
                .orElseGet(ShopApiController::notFound);
    }

    @GetMapping("/{id}/entries")
    ResponseEntity<Object> entries(@PathVariable String id,
                                   @RequestAttribute(ShopApiGate.MERCHANT_ATTRIBUTE) String merchantId,
                                   ServerWebExchange exchange) {
        return orders.find(merchantId, id)
                .map(order -> ok(java.util.Map.of("data", documents(exchange).entries(order.snapshot().entries()))))
                .orElseGet(ShopApiController::notFound);
    }

    static ResponseEntity<Object> ok(Object body) {
        return ResponseEntity.ok().contentType(KaspiErrors.JSON_API).body(body);
    }

    static ResponseEntity<Object> notFound() {
        return KaspiErrors.response(HttpStatus.NOT_FOUND, "Order not found");
    }

    static OrderDocuments documents(ServerWebExchange exchange) {
        var uri = exchange.getRequest().getURI();
        return new OrderDocuments(uri.getScheme() + "://" + uri.getAuthority() + "/shop/api/v2");
    }

    private static Set<OrderStatus> statuses(MultiValueMap<String, String> params) {
        Set<OrderStatus> statuses = EnumSet.noneOf(OrderStatus.class);
        List<String> values = params.getOrDefault("filter[orders][status]", List.of());
        for (String value : values) {
            for (String one : value.split(",")) {
                if (!one.isBlank()) {
                    statuses.add(parseEnum(OrderStatus.class, one.trim(), "filter[orders][status]"));
                }
            }
        }
        return statuses;
    }

    private static String required(MultiValueMap<String, String> params, String name) {
        String value = params.getFirst(name);
        if (value == null || value.isBlank()) {
            throw new InvalidQuery("Required parameter " + name + " is missing");
        }
        return value;
    }

    private static int requiredInt(MultiValueMap<String, String> params, String name, int min, int max) {
        long value = parseLong(required(params, name), name);
        if (value < min || value > max) {
            throw new InvalidQuery("Parameter " + name + " must be between " + min + " and " + max);
        }
        return (int) value;
    }

    private static long requiredLong(MultiValueMap<String, String> params, String name) {
        return parseLong(required(params, name), name);
    }

    private static long parseLong(String value, String name) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidQuery("Parameter " + name + " must be a number");
        }
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String name) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new InvalidQuery("Invalid value of " + name + ": " + value);
        }
    }

    private static final class InvalidQuery extends RuntimeException {
        InvalidQuery(String message) {
            super(message, null, false, false);
        }
    }
}
