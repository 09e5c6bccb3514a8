package kz.kaspibridge.sandbox.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.admin.SandboxAdmin;
import kz.kaspibridge.sandbox.faults.FaultRule;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.sandbox.orders.OrderSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Kaspi's rule, raw over HTTP: one request in flight per Shop API token and per Delivery API key.
 * A request is held in flight with an injected latency, which must count like any other.
 */
class OneRequestInFlightIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KaspiSandbox sandbox;
    private static SandboxAdmin admin;
    private WebClient http;

    /** status, Retry-After, content type and body of one answer. */
    record Answer(int status, String retryAfter, String contentType, String body) {
    }

    @BeforeAll
    static void start() {
        sandbox = KaspiSandbox.start();
        admin = sandbox.admin();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        admin.reset();
        http = WebClient.create(sandbox.baseUrl());
    }

    @Test
    void aSecondShopApiRequestInFlightOnOneTokenGets429WithRetryAfterAndIsCounted() {
        OrderSnapshot order = admin.seedOrder(OrderSeed.forMerchant("m1"));
        OrderSnapshot ofM2 = admin.seedOrder(OrderSeed.forMerchant("m2"));
        admin.injectFault(FaultRule.latency("orders.get", Duration.ofSeconds(3)).times(1));

        CompletableFuture<Answer> first = getOrder("m1", order.id()).toFuture();
        await().atMost(WAIT).until(() -> inFlight("m1") == 1);
        Answer second = getOrder("m1", order.id()).block(WAIT);
        Answer otherToken = getOrder("m2", ofM2.id()).block(WAIT);

        assertThat(second.status()).isEqualTo(429);
        assertThat(second.retryAfter()).isEqualTo("1");
        assertThat(second.contentType()).startsWith("application/vnd.api+json");
        assertThat(second.body()).contains("\"status\":\"429\"").contains("one request at a time");
        assertThat(otherToken.status()).isEqualTo(200);
        assertThat(first.join().status()).isEqualTo(200);
        assertThat(admin.concurrency().get("m1")).isEqualTo(new ConcurrencyStats("m1", 0, 2, 1));
        assertThat(admin.highestConcurrency("m2")).isEqualTo(1);
        assertThat(admin.concurrencyRejections()).isEqualTo(1);
        assertThat(admin.concurrency().toString()).doesNotContain(sandbox.tokenOf("m1"));
    }

    @Test
    void aSecondDeliveryApiRequestInFlightOnOneKeyGets429() {
        admin.injectFault(FaultRule.latency("delivery.get", Duration.ofSeconds(3)).times(1));

        CompletableFuture<Answer> first = getDelivery().toFuture();
        await().atMost(WAIT).until(() -> inFlight(InFlightLimit.DELIVERY_LABEL) == 1);
        Answer second = getDelivery().block(WAIT);

        assertThat(second.status()).isEqualTo(429);
        assertThat(second.retryAfter()).isEqualTo("1");
        assertThat(second.body()).contains("\"error\":\"rate_limited\"");
        assertThat(first.join().status()).isEqualTo(404);
        assertThat(admin.highestConcurrency(InFlightLimit.DELIVERY_LABEL)).isEqualTo(2);
        assertThat(admin.concurrencyRejections()).isEqualTo(1);
    }

    @Test
    void requestsOneAfterAnotherNeverCollide() {
        OrderSnapshot order = admin.seedOrder(OrderSeed.forMerchant("m1"));
        for (int i = 0; i < 30; i++) {
            assertThat(getOrder("m1", order.id()).block(WAIT).status()).isEqualTo(200);
        }
        assertThat(admin.highestConcurrency()).isEqualTo(1);
        assertThat(admin.concurrencyRejections()).isZero();
    }

    @Test
    void aRequestTheClientGaveUpOnFreesItsSlot() {
        OrderSnapshot order = admin.seedOrder(OrderSeed.forMerchant("m1"));
        admin.injectFault(FaultRule.timeout("orders.get").times(1));

        Answer gaveUp = getOrder("m1", order.id()).timeout(Duration.ofMillis(500))
                .onErrorResume(timeout -> Mono.just(new Answer(0, null, null, ""))).block(WAIT);
        assertThat(gaveUp.status()).isZero();

        await().atMost(WAIT).until(() -> inFlight("m1") == 0);
        assertThat(getOrder("m1", order.id()).block(WAIT).status()).isEqualTo(200);
        assertThat(admin.concurrencyRejections()).isZero();
    }

    @Test
    void switchedOffTheSecondRequestIsAnsweredAndStillMeasured() {
        try (KaspiSandbox lenient = KaspiSandbox.start(KaspiSandbox.Options.defaults().withConcurrencyRule(false))) {
            WebClient lenientHttp = WebClient.create(lenient.baseUrl());
            OrderSnapshot order = lenient.admin().seedOrder(OrderSeed.forMerchant("m1"));
            lenient.admin().injectFault(FaultRule.latency("orders.get", Duration.ofSeconds(3)).times(1));

            CompletableFuture<Answer> first = getOrder(lenientHttp, lenient, "m1", order.id()).toFuture();
            await().atMost(WAIT).until(() -> lenient.admin().concurrency().containsKey("m1")
                    && lenient.admin().concurrency().get("m1").inFlight() == 1);
            Answer second = getOrder(lenientHttp, lenient, "m1", order.id()).block(WAIT);

            assertThat(second.status()).isEqualTo(200);
            assertThat(first.join().status()).isEqualTo(200);
            assertThat(lenient.admin().highestConcurrency("m1")).isEqualTo(2);
            assertThat(lenient.admin().concurrencyRejections()).isZero();
        }
    }

    private int inFlight(String credential) {
        ConcurrencyStats stats = admin.concurrency().get(credential);
        return stats == null ? 0 : stats.inFlight();
    }

    private Mono<Answer> getOrder(String merchant, String orderId) {
        return getOrder(http, sandbox, merchant, orderId);
    }

    private static Mono<Answer> getOrder(WebClient client, KaspiSandbox target, String merchant, String orderId) {
        return client.get().uri("/shop/api/v2/orders/{id}", orderId)
                .header(HttpHeaders.ACCEPT, "application/vnd.api+json")
                .header("X-Auth-Token", target.tokenOf(merchant))
                .exchangeToMono(OneRequestInFlightIT::answer);
    }

    private Mono<Answer> getDelivery() {
        return http.get().uri("/delivery/v1/deliveries/dlv_unknown")
                .header("x-api-key", sandbox.options().deliveryApiKey())
                .exchangeToMono(OneRequestInFlightIT::answer);
    }

    private static Mono<Answer> answer(org.springframework.web.reactive.function.client.ClientResponse response) {
        HttpHeaders headers = response.headers().asHttpHeaders();
        return response.bodyToMono(String.class).defaultIfEmpty("")
                .map(body -> new Answer(response.statusCode().value(), headers.getFirst(HttpHeaders.RETRY_AFTER),
                        String.valueOf(headers.getContentType()), body));
    }
}
