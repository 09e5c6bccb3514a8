package kz.kaspibridge.sandbox.shopapi;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import kz.kaspibridge.sandbox.config.KaspiSandboxProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Kaspi's front door quirks, before any handler: without {@code Accept: application/vnd.api+json}
 * Kaspi answers 404 with an HTML page (the classic first-day integration bug), and a missing or
 * unknown {@code X-Auth-Token} gets 401. The token picks the merchant.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ShopApiGate implements WebFilter {

    static final String MERCHANT_ATTRIBUTE = "kaspi-sandbox.merchantId";
    private static final String NOT_FOUND_PAGE = "<!DOCTYPE html><html lang=\"ru\"><head><title>Kaspi.kz</title>"
            + "</head><body><h1>Страница не найдена</h1><p>404 Not Found</p></body></html>";

    private final Map<String, String> merchantByToken;

    ShopApiGate(KaspiSandboxProperties properties) {
        this.merchantByToken = properties.merchantsByToken();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().value().startsWith("/shop/api/v2")) {
            return chain.filter(exchange);
        }
        boolean acceptsJsonApi = exchange.getRequest().getHeaders().getAccept().stream()
                .anyMatch(type -> "application".equals(type.getType()) && "vnd.api+json".equals(type.getSubtype()));
        if (!acceptsJsonApi) {
            return write(exchange.getResponse(), HttpStatus.NOT_FOUND, MediaType.TEXT_HTML, NOT_FOUND_PAGE);
        }
        Optional<String> merchant = Optional.ofNullable(exchange.getRequest().getHeaders().getFirst("X-Auth-Token"))
                .map(merchantByToken::get);
        if (merchant.isEmpty()) {
            return write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, KaspiErrors.JSON_API,
                    "{\"errors\":[{\"status\":\"401\",\"title\":\"Unauthorized\"}]}");
        }
        exchange.getAttributes().put(MERCHANT_ATTRIBUTE, merchant.get());
        return chain.filter(exchange);
    }

    private static Mono<Void> write(ServerHttpResponse response, HttpStatus status, MediaType type, String body) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(type);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }
}
