package kz.kaspibridge.kaspiclient.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import kz.kaspibridge.kaspiclient.ApiToken;
import kz.kaspibridge.kaspiclient.KaspiApiException;
import kz.kaspibridge.kaspiclient.RateLimitSettings;
import kz.kaspibridge.kaspiclient.RetrySettings;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.admin.SandboxAdmin;
import kz.kaspibridge.sandbox.calls.ConcurrencyStats;
import kz.kaspibridge.sandbox.faults.FaultRule;
import kz.kaspibridge.sandbox.orders.BulkSeed;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.sandbox.orders.OrderSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Kaspi's one request in flight per token, against the sandbox that answers 429 to a second one
 * (its default): callers asking for more concurrency are queued by the client, never sent, so
 * everything succeeds, no 429 is ever answered and the sandbox never sees two at once.
 */
class OneRequestInFlightIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KaspiSandbox sandbox;
    private static SandboxAdmin admin;
    private static ApiToken m1;
    private static ApiToken m2;

    private SimpleMeterRegistry meters;
    private KaspiShopClient client;

    @BeforeAll
    static void startSandbox() {
        sandbox = KaspiSandbox.start();
        admin = sandbox.admin();
        m1 = new ApiToken(sandbox.tokenOf("m1"));
        m2 = new ApiToken(sandbox.tokenOf("m2"));
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void freshState() {
        admin.reset();
        meters = new SimpleMeterRegistry();
        client = client();
    }

    @AfterEach
    void everyPermitCameBack() {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(client.permitsOf(m1).inUse()).isZero();
            assertThat(client.permitsOf(m1).waiting()).isZero();
        });
    }

    private KaspiShopClient client() {
        return new KaspiShopClient(ShopClientSettings.defaults(URI.create(sandbox.shopApiUrl()))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10))
                .withRetry(new RetrySettings(3, Duration.ofMillis(20), Duration.ofMillis(100), 0.5, Duration.ofSeconds(5)))
                .withRateLimit(new RateLimitSettings(1000, 100)), meters);
    }

    @Test
    void manyConcurrentCallsOnOneTokenAllSucceedOneAtATime() {
        OrderSnapshot order = admin.seedOrder(OrderSeed.forMerchant("m1"));

        List<KaspiOrder> read = Flux.range(0, 40)
                .flatMap(i -> client.getOrder(m1, new OrderId(order.id())), 40)
                .collectList().block(WAIT);

        assertThat(read).hasSize(40).allSatisfy(o -> assertThat(o.code().value()).isEqualTo(order.code()));
        assertThat(admin.highestConcurrency("m1")).isEqualTo(1);
        assertThat(admin.concurrencyRejections()).isZero();
        assertThat(count("orders.get", "rate_limited")).isZero();
        assertThat(count("orders.get", "success")).isEqualTo(40);
        assertThat(meters.find("kaspi.client.queued").tag("operation", "orders.get").timer().count()).isEqualTo(40);
    }

    @Test
    void listingsLookupsAndStatusChangesOfSeparatelyBuiltClientsShareTheTokensOneSlot() {
        Instant now = admin.now();
        admin.seedOrders(new BulkSeed("m1", 250, now.minus(Duration.ofDays(20)), now.minus(Duration.ofMinutes(10)),
                null));
        List<OrderSnapshot> toAccept = Flux.range(0, 10).map(i -> admin.seedOrder(OrderSeed.forMerchant("m1")))
                .collectList().block(WAIT);
        KaspiShopClient poller = client();
        KaspiShopClient statusSync = client();
        KaspiShopClient commands = client();

        // The listing ends before the accepted orders were created, so what it finds does not race them.
        Mono<Long> listed = poller.listOrders(m1, OrderQuery.createdBetween(now.minus(Duration.ofDays(21)),
                now.minus(Duration.ofMinutes(5)), OrderState.NEW)).count();
        Mono<Long> lookedUp = Flux.fromIterable(toAccept)
                .flatMap(o -> statusSync.findOrder(m1, new OrderCode(o.code())), 10).count();
        Mono<Long> accepted = Flux.fromIterable(toAccept)
                .flatMap(o -> commands.accept(m1, new OrderId(o.id()), new OrderCode(o.code())), 10).count();

        List<Long> counts = Flux.merge(listed, lookedUp, accepted).collectList().block(WAIT);

        assertThat(counts).containsExactlyInAnyOrder(250L, 10L, 10L);
        assertThat(admin.highestConcurrency("m1")).isEqualTo(1);
        assertThat(admin.concurrencyRejections()).isZero();
        assertThat(count("orders.list", "rate_limited") + count("orders.find", "rate_limited")
                + count("orders.accept", "rate_limited")).isZero();
    }

    @Test
    void twoTokensProceedInParallelEachOneAtATime() {
        OrderSnapshot ofM1 = admin.seedOrder(OrderSeed.forMerchant("m1"));
        OrderSnapshot ofM2 = admin.seedOrder(OrderSeed.forMerchant("m2"));
        admin.injectFault(FaultRule.latency("orders.get", Duration.ofMillis(300)));

        CompletableFuture<List<KaspiOrder>> both = Flux.merge(
                        Flux.range(0, 10).flatMap(i -> client.getOrder(m1, new OrderId(ofM1.id())), 10),
                        Flux.range(0, 10).flatMap(i -> client.getOrder(m2, new OrderId(ofM2.id())), 10))
                .collectList().toFuture();

        // Progress on both at the same moment: one token's line does not hold up the other's.
        await().atMost(WAIT).until(() -> inFlight("m1") == 1 && inFlight("m2") == 1);
        assertThat(both.join()).hasSize(20);
        assertThat(admin.highestConcurrency("m1")).isEqualTo(1);
        assertThat(admin.highestConcurrency("m2")).isEqualTo(1);
        assertThat(admin.concurrencyRejections()).isZero();
    }

    @Test
    void aCancelledRequestGivesItsSlotBack() {
        OrderSnapshot order = admin.seedOrder(OrderSeed.forMerchant("m1"));
        admin.injectFault(FaultRule.latency("orders.get", Duration.ofSeconds(20)).times(1));

        Disposable abandoned = client.getOrder(m1, new OrderId(order.id())).subscribe();
        await().atMost(WAIT).until(() -> inFlight("m1") == 1);
        abandoned.dispose();

        await().atMost(WAIT).until(() -> client.permitsOf(m1).inUse() == 0);
        assertThat(client.getOrder(m1, new OrderId(order.id())).block(WAIT).code().value()).isEqualTo(order.code());
        assertThat(admin.concurrencyRejections()).isZero();
    }

    @Test
    void aTimedOutRequestGivesItsSlotBackOnceKaspiCanBeDoneWithIt() {
        OrderSnapshot order = admin.seedOrder(OrderSeed.forMerchant("m1"));
        admin.injectFault(FaultRule.timeout("orders.get").times(1));
        KaspiShopClient impatient = new KaspiShopClient(ShopClientSettings.defaults(URI.create(sandbox.shopApiUrl()))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300))
                .withRetry(RetrySettings.none()), meters);

        assertThatThrownBy(() -> impatient.getOrder(m1, new OrderId(order.id())).block(WAIT))
                .isInstanceOf(KaspiApiException.Timeout.class);
        // Sent at once, it waits for the unanswered hold rather than meet the abandoned request.
        assertThat(impatient.getOrder(m1, new OrderId(order.id())).block(WAIT).code().value()).isEqualTo(order.code());

        await().atMost(WAIT).until(() -> impatient.permitsOf(m1).inUse() == 0);
        assertThat(admin.highestConcurrency("m1")).isEqualTo(1);
        assertThat(admin.concurrencyRejections()).isZero();
    }

    @Test
    void aQueuedCallerThatGivesUpIsNeverSent() {
        OrderSnapshot order = admin.seedOrder(OrderSeed.forMerchant("m1"));
        admin.injectFault(FaultRule.latency("orders.get", Duration.ofSeconds(2)).times(1));

        CompletableFuture<KaspiOrder> first = client.getOrder(m1, new OrderId(order.id())).toFuture();
        await().atMost(WAIT).until(() -> inFlight("m1") == 1);
        Disposable queued = client.getEntries(m1, new OrderId(order.id())).subscribe();
        await().atMost(WAIT).until(() -> client.permitsOf(m1).waiting() == 1);
        queued.dispose();

        await().atMost(WAIT).until(() -> client.permitsOf(m1).waiting() == 0);
        assertThat(first.join().code().value()).isEqualTo(order.code());
        assertThat(count("orders.entries", "success")).isZero();
        assertThat(admin.highestConcurrency("m1")).isEqualTo(1);
        assertThat(admin.concurrencyRejections()).isZero();
    }

    @Test
    void aRateLimitedRetryWaitsOutsideTheSlotSoOtherCallsGoFirst() {
        OrderSnapshot order = admin.seedOrder(OrderSeed.forMerchant("m1"));
        admin.injectFault(FaultRule.rateLimit("orders.entries", Duration.ofSeconds(5)).times(1));
        List<String> finished = new CopyOnWriteArrayList<>();

        CompletableFuture<List<OrderEntry>> limited = client.getEntries(m1, new OrderId(order.id()))
                .doOnSuccess(entries -> finished.add("entries")).toFuture();
        await().atMost(WAIT).until(() -> count("orders.entries", "rate_limited") == 1);
        // While the entries call waits out its Retry-After, the token's slot is free for others.
        client.getOrder(m1, new OrderId(order.id())).doOnSuccess(read -> finished.add("order")).block(WAIT);

        assertThat(limited.join()).isNotEmpty();
        assertThat(finished).containsExactly("order", "entries");
        assertThat(count("orders.entries", "success")).isEqualTo(1);
        assertThat(admin.highestConcurrency("m1")).isEqualTo(1);
    }

    private int inFlight(String merchant) {
        ConcurrencyStats stats = admin.concurrency().get(merchant);
        return stats == null ? 0 : stats.inFlight();
    }

    private long count(String operation, String outcome) {
        Timer timer = meters.find("kaspi.client.requests").tag("operation", operation).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }
}
