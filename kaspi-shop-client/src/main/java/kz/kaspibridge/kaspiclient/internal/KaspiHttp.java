package kz.kaspibridge.kaspiclient.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
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
 * One HTTP call to Kaspi, the same way for both APIs: wait for a permit of the token (one request
 * in flight per token, JVM-wide) and for its rate-limit slot, send, map the answer to a value or a
 * {@link KaspiApiException}, time it, retry where safe. The permit is held for one attempt only:
 * a retry gives it back while it waits (its backoff or Kaspi's {@code Retry-After}) and queues for
 * it again, so a waiting retry never holds up the token's other calls. After an attempt that got no
 * answer (timeout, dropped connection, cancelled in flight) the permit comes back only after
 * {@link RateLimitSettings#unansweredHold()}, since Kaspi may still be busy with it. Internal API: use the Shop
 * and Delivery clients.
 */
public final class KaspiHttp {

    private static final Logger log = LoggerFactory.getLogger(KaspiHttp.class);
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    /** Turns a 2xx body into a value; throws anything on a body it cannot read. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(JsonNode body);
    }

    /**
     * A call: its metric name, the credential it is limited by (the token or API key, only ever
     * used hashed), whether repeating it is safe, the request.
     */
    public record Call(String operation, String credential, RetryPlan.Safety safety,
                       Function<WebClient, WebClient.RequestHeadersSpec<?>> request) {
        @Override
        public String toString() {
            return "Call[operation=" + operation + ", credential=***, safety=" + safety + "]";
        }
    }

    private final WebClient webClient;
    private final String scope;
    private final int maxInFlight;
    private final Duration unansweredHold;
    private final PerKeyRateLimiter limiter;
    private final RetryPlan retries;
    private final MeterRegistry meters;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.shared();

    /**
     * @param api     which API ({@code shop}, {@code delivery}): with the base URL's origin, the scope
     *                in which a credential's permits are shared
     * @param baseUrl where the calls go
     */
    public KaspiHttp(WebClient webClient, String api, URI baseUrl, RetrySettings retry, RateLimitSettings rateLimit,
                     MeterRegistry meters, Clock clock) {
        this.webClient = webClient;
        this.scope = api + "|" + baseUrl.getScheme() + "://" + baseUrl.getAuthority();
        this.maxInFlight = rateLimit.maxInFlight();
        this.unansweredHold = rateLimit.unansweredHold();
        this.limiter = new PerKeyRateLimiter(rateLimit);
        this.retries = new RetryPlan(retry, meters);
        this.meters = meters;
        this.clock = clock;
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
        String key = credentialKey(scope, call.credential());
        InFlightPermits permits = InFlightPermits.of(key, maxInFlight);
        Mono<T> attempt = Mono.defer(() -> {
            Timer.Sample queued = Timer.start(meters);
            return permits.withPermit(Mono.defer(() -> {
                queued.stop(queueTimer(call.operation()));
                return limiter.acquire(key).then(Mono.defer(() -> once(call, reader)));
            }), unansweredHold, KaspiHttp::unanswered);
        });
        return attempt.retryWhen(retries.retry(call.operation(), call.safety()));
    }

    /**
     * No answer came, yet Kaspi may have the request: it may still be working on it, and a second
     * request in flight on the token would get 429.
     */
    private static boolean unanswered(Throwable failure) {
        return failure instanceof KaspiApiException.Timeout
                || (failure instanceof KaspiApiException.ConnectionFailed
                    && !((KaspiApiException.ConnectionFailed) failure).beforeRequest());
    }

    /**
     * What permits and rate-limit slots are keyed by: a SHA-256 of the scope and the credential, so
     * that no token sits in a long-lived map, a heap dump's strings or a log line.
     */
    static String credentialKey(String scope, String credential) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(scope.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            return HexFormat.of().formatHex(sha256.digest(credential.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The permits the calls of one credential share in this JVM; for tests and diagnostics. */
    public InFlightPermits permitsOf(String credential) {
        return InFlightPermits.of(credentialKey(scope, credential), maxInFlight);
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
                    retryAfter(response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER), clock));
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

    /** Seconds or an HTTP date (counted from the clock's now); null when absent or unreadable. */
    static Duration retryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    private static final Duration[] CALL_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private Timer queueTimer(String operation) {
        return Timer.builder("kaspi.client.queued")
                .description("Time an attempt waited for its token's permit (another request of the token in flight)")
                .tag("operation", operation)
                .register(meters);
    }

    private void record(Timer.Sample sample, String operation, String outcome) {
        long nanos = sample.stop(Timer.builder("kaspi.client.requests")
                .description("Calls to the Kaspi APIs, one per HTTP attempt")
                .tag("operation", operation)
                .tag("outcome", outcome)
                // A few fixed buckets, not a full histogram: enough for the dashboards' p99 of Kaspi's latency (and
                // the runbook's "is Kaspi slow?"), at 9 series per operation and outcome instead of about 70.
                .serviceLevelObjectives(CALL_BUCKETS)
                .register(meters));
        log.debug("kaspi call operation={} outcome={} durationMs={}", operation, outcome, nanos / 1_000_000);
    }
}
