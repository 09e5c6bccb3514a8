package kz.kaspibridge.sandbox.faults;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.NettyInbound;

/**
 * Runs before auth, as a gateway in front of Kaspi would: the faults a client must survive happen
 * whatever it sends. Only the one-request-in-flight rule comes earlier, so that a request held here
 * (latency, timeout) still counts as in flight. Admin and actuator paths are never faulted.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class FaultInjectingFilter implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(FaultInjectingFilter.class);

    private final FaultPlan plan;
    private final MeterRegistry meters;

    FaultInjectingFilter(FaultPlan plan, MeterRegistry meters) {
        this.plan = plan;
        this.meters = meters;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String operation = Operations.of(exchange.getRequest().getMethod(), exchange.getRequest().getPath().value());
        Optional<FaultRule> fault = operation == null ? Optional.empty() : plan.draw(operation);
        if (fault.isEmpty()) {
            return chain.filter(exchange);
        }
        FaultRule rule = fault.get();
        meters.counter("kaspi.sandbox.faults.injected", "operation", operation, "type", rule.type().name()).increment();
        log.info("fault injected operation={} type={}", operation, rule.type());
        ServerHttpResponse response = exchange.getResponse();
        switch (rule.type()) {
            case LATENCY:
            case TIMEOUT:
                return Mono.delay(rule.latency()).then(chain.filter(exchange));
            case RATE_LIMIT:
                response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(rule.retryAfter().toSeconds()));
                return write(response, HttpStatus.TOO_MANY_REQUESTS, MediaType.APPLICATION_JSON,
                        "{\"errors\":[{\"status\":\"429\",\"title\":\"Too Many Requests\"}]}");
            case SERVER_ERROR:
                return write(response, HttpStatus.valueOf(rule.status()), MediaType.TEXT_HTML,
                        "<html><body><h1>" + rule.status() + "</h1>Service unavailable</body></html>");
            case DROP_CONNECTION:
                Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
                ((NettyInbound) nativeRequest).withConnection(connection -> connection.channel().close());
                return Mono.empty();
            case APPLIED_THEN_ERROR:
                return chain.filter(exchange.mutate().response(new DiscardedAnswer(response)).build())
                        .then(Mono.defer(() -> {
                            response.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
                            return write(response, HttpStatus.valueOf(rule.status()), MediaType.TEXT_HTML,
                                    "<html><body><h1>" + rule.status() + "</h1>Gateway Time-out</body></html>");
                        }));
            case MALFORMED_JSON:
            default:
                return write(response, HttpStatus.OK, MediaType.valueOf("application/vnd.api+json"),
                        "{\"data\":[{\"type\":\"orders\",\"id\":\"b3JkZXI=\",\"attributes\":{\"code\":");
        }
    }

    /** Lets the handler run to the end, and keeps everything it would have answered from the client. */
    private static final class DiscardedAnswer extends ServerHttpResponseDecorator {

        DiscardedAnswer(ServerHttpResponse delegate) {
            super(delegate);
        }

        @Override
        public boolean setStatusCode(HttpStatusCode status) {
            return true;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            return Flux.from(body).doOnNext(DataBufferUtils::release).then();
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            return Flux.from(body).concatMap(Flux::from).doOnNext(DataBufferUtils::release).then();
        }

        @Override
        public Mono<Void> setComplete() {
            return Mono.empty();
        }
    }

    private static Mono<Void> write(ServerHttpResponse response, HttpStatus status, MediaType type, String body) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(type);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }
}
