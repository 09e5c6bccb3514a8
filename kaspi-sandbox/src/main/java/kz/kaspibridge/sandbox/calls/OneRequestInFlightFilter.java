package kz.kaspibridge.sandbox.calls;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import kz.kaspibridge.sandbox.config.KaspiSandboxProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Kaspi answers 429 to a second request in flight on one token, so the sandbox does too (unless
 * {@code kaspi-sandbox.concurrency.enabled=false}). It runs before fault injection, so a request
 * held by an injected latency or timeout is in flight like any other. A request leaves just before
 * its answer is committed (a client that has read the answer may send the next one at once) or
 * when it ends without one (a dropped connection, a client that gave up).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class OneRequestInFlightFilter implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(OneRequestInFlightFilter.class);
    private static final MediaType JSON_API = MediaType.valueOf("application/vnd.api+json");

    private final InFlightLimit limit;
    private final Map<String, String> merchantByToken;
    private final String deliveryApiKey;
    private final String retryAfterSeconds;
    private final MeterRegistry meters;

    OneRequestInFlightFilter(InFlightLimit limit, KaspiSandboxProperties properties, MeterRegistry meters) {
        this.limit = limit;
        this.merchantByToken = properties.merchantsByToken();
        this.deliveryApiKey = properties.delivery().apiKey();
        this.retryAfterSeconds = Long.toString(Math.max(1, properties.concurrency().retryAfter().toSeconds()));
        this.meters = meters;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String credential = credential(exchange.getRequest());
        if (credential == null) {
            // Admin, actuator, or a credential the gates will refuse with 401.
            return chain.filter(exchange);
        }
        InFlightLimit.Admission admission = limit.enter(credential);
        if (!admission.admitted()) {
            return refuse(exchange, credential);
        }
        exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(admission::leave));
        return chain.filter(exchange).doFinally(signal -> admission.leave());
    }

    private String credential(ServerHttpRequest request) {
        String path = request.getPath().value();
        if (path.startsWith("/shop/api/v2")) {
            String token = request.getHeaders().getFirst("X-Auth-Token");
            return token == null ? null : merchantByToken.get(token);
        }
        if (path.startsWith("/delivery/v1")) {
            return deliveryApiKey.equals(request.getHeaders().getFirst("x-api-key")) ? InFlightLimit.DELIVERY_LABEL
                    : null;
        }
        return null;
    }

    private Mono<Void> refuse(ServerWebExchange exchange, String credential) {
        meters.counter("kaspi.sandbox.concurrency.rejected", "credential", credential).increment();
        log.warn("request refused, another is in flight credential={} method={} path={}", credential,
                exchange.getRequest().getMethod(), exchange.getRequest().getPath().value());
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
        String body;
        if (InFlightLimit.DELIVERY_LABEL.equals(credential)) {
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            body = "{\"error\":\"rate_limited\",\"message\":\"Only one request at a time is allowed per API key\"}";
        } else {
            response.getHeaders().setContentType(JSON_API);
            body = "{\"errors\":[{\"status\":\"429\",\"title\":\"Too Many Requests\","
                    + "\"detail\":\"Only one request at a time is allowed per token\"}]}";
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }
}
