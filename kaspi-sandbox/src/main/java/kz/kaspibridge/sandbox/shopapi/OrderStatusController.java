package kz.kaspibridge.sandbox.shopapi;

import java.util.Optional;
import java.util.SplittableRandom;
import kz.kaspibridge.sandbox.calls.CallCounters;
import kz.kaspibridge.sandbox.calls.CallKind;
import kz.kaspibridge.sandbox.clock.Timeline;
import kz.kaspibridge.sandbox.config.KaspiSandboxProperties;
import kz.kaspibridge.sandbox.orders.OrderBook;
import kz.kaspibridge.sandbox.orders.Rejection;
import kz.kaspibridge.sandbox.orders.SandboxOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /orders}: every status change Kaspi allows a merchant, with its rules. Each call that
 * reaches an order is counted, so tests can assert that a command called Kaspi exactly once.
 */
@RestController
@RequestMapping("/shop/api/v2/orders")
class OrderStatusController {

    private static final Logger log = LoggerFactory.getLogger(OrderStatusController.class);

    private final OrderBook orders;
    private final CallCounters counters;
    private final Timeline timeline;
    private final KaspiSandboxProperties properties;
    private final SplittableRandom codes;

    OrderStatusController(OrderBook orders, CallCounters counters, Timeline timeline,
                          KaspiSandboxProperties properties) {
        this.orders = orders;
        this.counters = counters;
        this.timeline = timeline;
        this.properties = properties;
        this.codes = new SplittableRandom(properties.randomSeed());
    }

    @PostMapping
    ResponseEntity<Object> change(@RequestBody(required = false) JsonNode body,
                                  @RequestHeader(name = "X-Send-Code", required = false) String sendCode,
                                  @RequestHeader(name = "X-Security-Code", required = false) String securityCode,
                                  @RequestAttribute(ShopApiGate.MERCHANT_ATTRIBUTE) String merchantId,
                                  ServerWebExchange exchange) {
        JsonNode data = body == null ? null : body.path("data");
        if (data == null || !"orders".equals(data.path("type").asString("")) || !data.path("id").isString()) {
            return KaspiErrors.badRequest("Request body must be {\"data\":{\"type\":\"orders\",\"id\":…}}");
        }
        JsonNode attributes = data.path("attributes");
        String status = attributes.path("status").asString("");
        Optional<SandboxOrder> found = orders.find(merchantId, data.path("id").asString());
        if (found.isEmpty()) {
            return ShopApiController.notFound();
        }
        SandboxOrder order = found.get();
        if (attributes.has("code") && !order.code().equals(attributes.path("code").asString())) {
            return KaspiErrors.badRequest("Order code does not match order id");
        }
        Optional<Rejection> rejection = apply(order, status, attributes, Boolean.parseBoolean(sendCode), securityCode);
        log.info("order status change requested orderCode={} status={} outcome={}", order.code(), status,
                rejection.isPresent() ? "rejected" : "applied");
        return rejection.map(r -> KaspiErrors.badRequest(r.title()))
                .orElseGet(() -> ShopApiController.ok(
                        ShopApiController.documents(exchange).single(order.snapshot(), false)));
    }

    private Optional<Rejection> apply(SandboxOrder order, String status, JsonNode attributes, boolean sendCode,
                                      String securityCode) {
        switch (status) {
            case "ACCEPTED_BY_MERCHANT":
                counters.increment(CallKind.ORDER_ACCEPT, order.code());
                return order.accept();
            case "CANCELLED":
                counters.increment(CallKind.ORDER_CANCEL, order.code());
                JsonNode comment = attributes.path("cancellationComment");
                return order.cancel(attributes.path("cancellationReason").asString(null),
                        comment.isString() ? comment.asString() : null);
            case "COMPLETED":
                return complete(order, sendCode, securityCode);
            case "ASSEMBLE":
                counters.increment(CallKind.ORDER_ASSEMBLE, order.code());
                Optional<Rejection> assembled = order.assemble(attributes.path("numberOfSpace").asInt(0));
                if (assembled.isEmpty()) {
                    String waybill = "https://kaspi-sandbox.local/waybills/" + order.code() + ".pdf";
                    timeline.after(properties.waybillDelay(), () -> order.attachWaybill(waybill));
                }
                return assembled;
            default:
                return Optional.of(new Rejection("Unsupported status: " + status));
        }
    }

    private Optional<Rejection> complete(SandboxOrder order, boolean sendCode, String securityCode) {
        if (securityCode == null || securityCode.isBlank()) {
            if (!sendCode) {
                return Optional.of(new Rejection(Rejection.SECURITY_CODE_REQUIRED));
            }
            counters.increment(CallKind.ORDER_SEND_CODE, order.code());
            String code;
            synchronized (codes) {
                code = String.format("%04d", codes.nextInt(10_000));
            }
            return order.sendSecurityCode(code);
        }
        counters.increment(CallKind.ORDER_COMPLETE, order.code());
        return order.complete(securityCode.trim());
    }
}
