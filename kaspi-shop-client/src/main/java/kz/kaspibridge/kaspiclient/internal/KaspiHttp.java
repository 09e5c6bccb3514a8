package kz.kaspibridge.kaspiclient.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import kz.kaspibridge.kaspiclient.KaspiApiException;
import kz.kaspibridge.kaspiclient.RateLimitSettings;
import kz.kaspibridge.kaspiclient.RetrySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One HTTP call to Kaspi, the same way for both APIs: wait for the token's rate-limit slot, send,
 * map the answer to a value or a {@link KaspiApiException}, time it, retry where safe. Internal
 * API: use the Shop and Delivery clients.
 */
public final class KaspiHttp {

    private static final Logger log = LoggerFactory.getLogger(KaspiHttp.class);
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    /** Turns a 2xx body into a value; throws anything on a body it cannot read. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(JsonNode body);
    }

    /** A call: its metric name, its rate-limit key, whether repeating it is safe, the request. */
    public record Call(String operation, String rateLimitKey, RetryPlan.Safety safety,
                       Function<WebClient, WebClient.RequestHeadersSpec<?>> request) {
    }

    private final WebClient webClient;
    private final PerKeyRateLimiter limiter;
    private final RetryPlan retries;
    private final MeterRegistry meters;
    private final JsonMapper json = JsonMapper.shared();

    public KaspiHttp(WebClient webClient, RetrySettings retry, RateLimitSettings rateLimit, MeterRegistry meters) {
        this.webClient = webClient;
        this.limiter = new PerKeyRateLimiter(rateLimit);
        this.retries = new RetryPlan(retry, meters);
        this.meters = meters;
    }

    /** A WebClient on Reactor Netty with the timeouts and the headers every Kaspi call carries. */
    public static WebClient webClient(URI baseUrl, Duration connectTimeout, Duration responseTimeout,
                                      String accept, String userAgent) {
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .responseTimeout(responseTimeout);
        return WebClient.builder()
                .baseUrl(baseUrl.toString())
                .clientConnector(new ReactorClientHttpConnector(http))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_BODY_BYTES))
                .defaultHeader(HttpHeaders.ACCEPT, accept)
                .defaultHeader(HttpHeaders.USER_AGENT, userAgent)
                .build();
    }

    public <T> Mono<T> execute(Call call, BodyReader<T> reader) {
        Mono<T> attempt = Mono.defer(() -> limiter.acquire(call.rateLimitKey())
                .then(Mono.defer(() -> once(call, reader))));
        return attempt.retryWhen(retries.retry(call.operation(), call.safety()));
    }

    private <T> Mono<T> once(Call call, BodyReader<T> reader) {
        Timer.Sample sample = Timer.start(meters);
        return call.request().apply(webClient)
                .exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                        .map(body -> answer(call.operation(), response, body, reader)))
                .onErrorMap(failure -> !(failure instanceof KaspiApiException), failure -> transport(call.operation(), failure))
                .doOnSuccess(value -> record(sample, call.operation(), "success"))
                .doOnError(KaspiApiException.class, failure -> record(sample, call.operation(), failure.outcome()));
    }

    private <T> T answer(String operation, ClientResponse response, String body, BodyReader<T> reader) {
        int status = response.statusCode().value();
        if (status >= 200 && status < 300) {
            try {
                return reader.read(body.isBlank() ? json.missingNode() : json.readTree(body));
            } catch (KaspiApiException e) {
                throw e;
            } catch (RuntimeException e) {
                // JacksonException, a missing field, an unknown enum value, an unparsable date.
                throw new KaspiApiException.MalformedResponse(operation, e.getClass().getSimpleName(), e);
            }
        }
        if (status == 401 || status == 403) {
            throw new KaspiApiException.Unauthorized(operation, status);
        }
        if (status == 404) {
            throw new KaspiApiException.NotFound(operation);
        }
        if (status == 429) {
            throw new KaspiApiException.RateLimited(operation,
                    retryAfter(response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER)));
        }
        if (status >= 400 && status < 500) {
            throw new KaspiApiException.Rejected(operation, status, titles(body));
        }
        throw new KaspiApiException.ServerError(operation, status);
    }

    private static KaspiApiException transport(String operation, Throwable failure) {
        Throwable cause = failure instanceof WebClientRequestException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof ReadTimeoutException || cause instanceof ConnectTimeoutException
                || cause instanceof TimeoutException) {
            return new KaspiApiException.Timeout(operation, cause);
        }
        if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
            return new KaspiApiException.ConnectionFailed(operation, true, cause);
        }
        if (cause instanceof PrematureCloseException) {
            return new KaspiApiException.ConnectionFailed(operation, false, cause);
        }
        return new KaspiApiException.ConnectionFailed(operation, false, cause);
    }

    /** Kaspi's {"errors":[{"title":…}]}, or the Delivery API's {"message":…}; never fails. */
    private List<String> titles(String body) {
        List<String> titles = new ArrayList<>();
        try {
            JsonNode document = json.readTree(body);
            for (JsonNode error : document.path("errors")) {
                if (error.path("title").isString()) {
                    titles.add(error.path("title").asString());
                }
            }
            if (titles.isEmpty() && document.path("message").isString()) {
                titles.add(document.path("message").asString());
            }
        } catch (JacksonException notJson) {
            // An HTML error page: the status alone has to do.
        }
        return titles;
    }

    /** Seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    private void record(Timer.Sample sample, String operation, String outcome) {
        long nanos = sample.stop(Timer.builder("kaspi.client.requests")
                .description("Calls to the Kaspi APIs, one per HTTP attempt")
                .tag("operation", operation)
                .tag("outcome", outcome)
                .register(meters));
        log.debug("kaspi call operation={} outcome={} durationMs={}", operation, outcome, nanos / 1_000_000);
    }
}
