package kz.kaspibridge.kaspiclient.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import kz.kaspibridge.kaspiclient.ApiToken;
import kz.kaspibridge.kaspiclient.KaspiApiException;
import kz.kaspibridge.kaspiclient.RateLimitSettings;
import kz.kaspibridge.kaspiclient.RetrySettings;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.calls.CallKind;
import kz.kaspibridge.sandbox.admin.SandboxAdmin;
import kz.kaspibridge.sandbox.faults.FaultRule;
import kz.kaspibridge.sandbox.orders.BulkSeed;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.sandbox.orders.OrderSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import static org.awaitility.Awaitility.await;

/** The Shop API client against the real sandbox, over HTTP on a random port. */
class KaspiShopClientIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static KaspiSandbox sandbox;
    private static SandboxAdmin admin;
    private static ApiToken m1;

    private SimpleMeterRegistry meters;
    private KaspiShopClient client;

    @BeforeAll
    static void startSandbox() {
        sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults().withWaybillDelay(Duration.ofSeconds(30)));
        admin = sandbox.admin();
        m1 = new ApiToken(sandbox.tokenOf("m1"));
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void freshState() {
        admin.reset();
        meters = new SimpleMeterRegistry();
        client = client(settings());
    }

    private ShopClientSettings settings() {
        return ShopClientSettings.defaults(URI.create(sandbox.shopApiUrl()))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                .withRetry(new RetrySettings(3, Duration.ofMillis(20), Duration.ofMillis(100), 0.5, Duration.ofSeconds(5)))
                .withRateLimit(new RateLimitSettings(1000, 100));
    }

    private KaspiShopClient client(ShopClientSettings settings) {
        return new KaspiShopClient(settings, meters);
    }

    private OrderSnapshot newOrder() {
        return admin.seedOrder(OrderSeed.forMerchant("m1"));
    }

    private double requests(String operation, String outcome) {
        var timer = meters.find("kaspi.client.requests").tag("operation", operation).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    // --- listing -------------------------------------------------------------------------------

    @Test
    void listsEveryOrderAcrossPagesWithEntries() {
        Instant now = admin.now();
        admin.seedOrders(new BulkSeed("m1", 260, now.minus(Duration.ofDays(5)), now.minusSeconds(1), null));
        admin.seedOrders(new BulkSeed("m2", 10, now.minus(Duration.ofDays(5)), now.minusSeconds(1), null));

        List<KaspiOrder> orders = client.listOrders(m1,
                OrderQuery.createdBetween(now.minus(Duration.ofDays(6)), now, OrderState.NEW).withEntries())
                .collectList().block(WAIT);

        assertThat(orders).hasSize(260);
        assertThat(orders.stream().map(KaspiOrder::code).collect(Collectors.toSet())).hasSize(260);
        assertThat(orders).allSatisfy(order -> {
            assertThat(order.status()).isEqualTo(OrderStatus.APPROVED_BY_BANK);
            assertThat(order.entries()).isNotEmpty();
            assertThat(order.totalPrice()).isEqualTo(order.entries().stream().mapToLong(OrderEntry::totalPrice).sum());
            assertThat(order.entries().get(0).offerCode()).isNotBlank();
            assertThat(order.entries().get(0).deliveryPointOfServiceId()).isNotBlank();
            assertThat(order.deliveryAddress().town()).isEqualTo("Алматы");
        });
        assertThat(requests("orders.list", "success")).isEqualTo(3);
    }

    @Test
    void splitsAFortyDayRangeIntoWindowsKaspiAccepts() {
        Instant now = admin.now();
        admin.seedOrders(new BulkSeed("m1", 80, now.minus(Duration.ofDays(40)), now.minusSeconds(1), null));

        List<KaspiOrder> orders = client.listOrders(m1,
                OrderQuery.createdBetween(now.minus(Duration.ofDays(40)), now, OrderState.NEW))
                .collectList().block(WAIT);

        assertThat(orders).hasSize(80);
        assertThat(orders).allSatisfy(order -> assertThat(order.entries()).isEmpty());
        assertThat(requests("orders.list", "success")).isEqualTo(3);
        assertThat(requests("orders.list", "rejected")).isZero();
    }

    @Test
    void walksEveryStateAndFiltersByStatus() {
        Instant created = admin.now().minusSeconds(60);
        admin.seedOrder(OrderSeed.forMerchant("m1").createdAt(created));
        OrderSnapshot accepted = admin.seedOrder(OrderSeed.forMerchant("m1").createdAt(created)
                .withStatus(kz.kaspibridge.sandbox.orders.OrderStatus.ACCEPTED_BY_MERCHANT)
                .withDelivery(kz.kaspibridge.sandbox.orders.DeliveryMode.DELIVERY_LOCAL, false));
        OrderSnapshot cancelled = admin.seedOrder(OrderSeed.forMerchant("m1").createdAt(created)
                .withStatus(kz.kaspibridge.sandbox.orders.OrderStatus.CANCELLED));
        Instant from = created.minusSeconds(1);

        assertThat(client.listOrders(m1, OrderQuery.createdBetween(from, admin.now(), OrderState.NEW,
                OrderState.DELIVERY, OrderState.ARCHIVE)).collectList().block(WAIT)).hasSize(3);
        assertThat(client.listOrders(m1, OrderQuery.createdBetween(from, admin.now(), OrderState.DELIVERY))
                .map(KaspiOrder::code).collectList().block(WAIT)).containsExactly(new OrderCode(accepted.code()));
        assertThat(client.listOrders(m1, OrderQuery.createdBetween(from, admin.now(), OrderState.ARCHIVE)
                        .withStatuses(OrderStatus.CANCELLED)).map(KaspiOrder::code).collectList().block(WAIT))
                .containsExactly(new OrderCode(cancelled.code()));
    }

    // --- reading one order --------------------------------------------------------------------

    @Test
    void readsAnOrderByIdByCodeAndItsEntries() {
        OrderSnapshot seeded = admin.seedOrder(OrderSeed.forMerchant("m1").withEntries(3));
        OrderId id = new OrderId(seeded.id());

        KaspiOrder order = client.getOrder(m1, id).block(WAIT);
        assertThat(order.code().value()).isEqualTo(seeded.code());
        assertThat(order.totalPrice()).isEqualTo(seeded.totalPrice());
        assertThat(order.creationDate()).isEqualTo(seeded.creationDate().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(order.customer().firstName()).isEqualTo(seeded.customer().firstName());
        assertThat(order.entries()).isEmpty();

        assertThat(client.getOrderWithEntries(m1, id).block(WAIT).entries()).hasSize(3);
        assertThat(client.findOrder(m1, new OrderCode(seeded.code())).block(WAIT).id()).isEqualTo(id);
        assertThat(client.findOrder(m1, new OrderCode("000000000")).blockOptional(WAIT)).isEmpty();

        List<OrderEntry> entries = client.getEntries(m1, id).block(WAIT);
        assertThat(entries).hasSize(3);
        assertThat(entries).allSatisfy(entry -> {
            assertThat(entry.quantity()).isPositive();
            assertThat(entry.totalPrice()).isEqualTo(entry.basePrice() * entry.quantity());
            assertThat(entry.offerName()).isNotBlank();
            assertThat(entry.categoryCode()).isNotBlank();
            assertThat(entry.weightKg()).isPositive();
        });
    }

    @Test
    void anUnknownOrderIsNotFoundAndAnotherMerchantsOrderToo() {
        OrderSnapshot ofM2 = admin.seedOrder(OrderSeed.forMerchant("m2"));
        assertThatThrownBy(() -> client.getOrder(m1, new OrderId("bm8tc3VjaA==")).block(WAIT))
                .isInstanceOf(KaspiApiException.NotFound.class);
        assertThatThrownBy(() -> client.getOrder(m1, new OrderId(ofM2.id())).block(WAIT))
                .isInstanceOf(KaspiApiException.NotFound.class);
    }

    @Test
    void aWrongTokenIsUnauthorizedAndNotRetried() {
        assertThatThrownBy(() -> client.getOrder(new ApiToken("fake-token-0000"), new OrderId("x")).block(WAIT))
                .isInstanceOf(KaspiApiException.Unauthorized.class)
                .hasMessageNotContaining("fake-token-0000");
        assertThat(requests("orders.get", "unauthorized")).isEqualTo(1);
    }

    @Test
    void withoutTheJsonApiAcceptHeaderTheSandboxAnswersAnHtml404() {
        OrderSnapshot order = newOrder();
        var response = WebClient.create(sandbox.shopApiUrl()).get().uri("/orders/{id}", order.id())
                .header("X-Auth-Token", sandbox.tokenOf("m1"))
                .exchangeToMono(r -> r.bodyToMono(String.class).map(body -> r.statusCode().value() + " " + body))
                .block(WAIT);
        assertThat(response).startsWith("404 ").contains("<html");
        // The client always sends it, so the same read works:
        assertThat(client.getOrder(m1, new OrderId(order.id())).block(WAIT)).isNotNull();
    }

    // --- status changes -----------------------------------------------------------------------

    @Test
    void acceptsANewOrderOnceAndASecondAcceptIsRejectedWithKaspisTitle() {
        OrderSnapshot order = newOrder();
        OrderId id = new OrderId(order.id());
        OrderCode code = new OrderCode(order.code());

        assertThat(client.accept(m1, id, code).block(WAIT).status()).isEqualTo(OrderStatus.ACCEPTED_BY_MERCHANT);
        assertThatThrownBy(() -> client.accept(m1, id, code).block(WAIT))
                .isInstanceOfSatisfying(KaspiApiException.Rejected.class, rejected -> {
                    assertThat(rejected.status()).isEqualTo(400);
                    assertThat(rejected.title()).contains("cannot be changed from ACCEPTED_BY_MERCHANT");
                });
        assertThat(admin.calls(CallKind.ORDER_ACCEPT, order.code())).isEqualTo(2);
    }

    @Test
    void cancelsWithReasonAndCommentAndRefusesAnOverlongComment() {
        OrderSnapshot order = newOrder();
        KaspiOrder cancelled = client.cancel(m1, new OrderId(order.id()), new OrderCode(order.code()),
                CancellationReason.MERCHANT_OUT_OF_STOCK, "Нет на складе").block(WAIT);
        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.state()).isEqualTo(OrderState.ARCHIVE);
        assertThat(cancelled.cancellationReason()).isEqualTo("MERCHANT_OUT_OF_STOCK");

        OrderSnapshot other = newOrder();
        assertThatThrownBy(() -> client.cancel(m1, new OrderId(other.id()), new OrderCode(other.code()),
                CancellationReason.BUYER_NOT_REACHABLE, "x".repeat(1001)).block(WAIT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(admin.calls(CallKind.ORDER_CANCEL, other.code())).isZero();
    }

    @Test
    void completesInTwoStepsWithTheBuyersCode() {
        OrderSnapshot order = newOrder();
        OrderId id = new OrderId(order.id());
        OrderCode code = new OrderCode(order.code());
        client.accept(m1, id, code).block(WAIT);

        client.sendCompletionCode(m1, id, code).block(WAIT);
        String buyersCode = admin.securityCode(order.code()).orElseThrow();
        String wrongCode = buyersCode.equals("0000") ? "1111" : "0000";

        assertThatThrownBy(() -> client.complete(m1, id, code, wrongCode).block(WAIT))
                .isInstanceOfSatisfying(KaspiApiException.Rejected.class,
                        rejected -> assertThat(rejected.title()).isEqualTo("Invalid security code"));
        assertThat(client.complete(m1, id, code, buyersCode).block(WAIT).status()).isEqualTo(OrderStatus.COMPLETED);
        assertThatThrownBy(() -> client.complete(m1, id, code, buyersCode).block(WAIT))
                .isInstanceOfSatisfying(KaspiApiException.Rejected.class,
                        rejected -> assertThat(rejected.title()).isEqualTo("Order is already completed"));
        assertThat(admin.calls(CallKind.ORDER_SEND_CODE, order.code())).isEqualTo(1);
        assertThat(admin.calls(CallKind.ORDER_COMPLETE, order.code())).isEqualTo(3);
    }

    @Test
    void aCancelledOrderCannotBeCompleted() {
        OrderSnapshot order = newOrder();
        OrderId id = new OrderId(order.id());
        OrderCode code = new OrderCode(order.code());
        client.accept(m1, id, code).block(WAIT);
        admin.buyerCancels(order.code(), false);

        assertThatThrownBy(() -> client.sendCompletionCode(m1, id, code).block(WAIT))
                .isInstanceOfSatisfying(KaspiApiException.Rejected.class,
                        rejected -> assertThat(rejected.title()).isEqualTo("Order is cancelled"));
        assertThat(client.getOrder(m1, id).block(WAIT).cancellationReason()).isEqualTo("BUYER_CANCELLATION");
    }

    @Test
    void assembleSetsTheWaybillAfterTheConfiguredDelay() {
        OrderSnapshot order = admin.seedOrder(OrderSeed.forMerchant("m1")
                .withDelivery(kz.kaspibridge.sandbox.orders.DeliveryMode.DELIVERY_LOCAL, true)
                .withStatus(kz.kaspibridge.sandbox.orders.OrderStatus.ACCEPTED_BY_MERCHANT));
        OrderId id = new OrderId(order.id());

        KaspiOrder assembled = client.assemble(m1, id, new OrderCode(order.code()), 2).block(WAIT);
        assertThat(assembled.state()).isEqualTo(OrderState.KASPI_DELIVERY);
        assertThat(assembled.kaspiDelivery().orElseThrow().waybill()).isNull();

        admin.advanceClock(Duration.ofSeconds(31));
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.getOrder(m1, id).block(WAIT)
                .kaspiDelivery().orElseThrow().waybill()).endsWith(order.code() + ".pdf"));
    }

    @Test
    void assemblingAnOrderWithoutKaspiDeliveryIsRejected() {
        OrderSnapshot order = admin.seedOrder(OrderSeed.forMerchant("m1")
                .withDelivery(kz.kaspibridge.sandbox.orders.DeliveryMode.DELIVERY_PICKUP, false)
                .withStatus(kz.kaspibridge.sandbox.orders.OrderStatus.ACCEPTED_BY_MERCHANT));
        assertThatThrownBy(() -> client.assemble(m1, new OrderId(order.id()), new OrderCode(order.code()), 1).block(WAIT))
                .isInstanceOf(KaspiApiException.Rejected.class);
    }

    // --- faults -------------------------------------------------------------------------------

    @Test
    void aRateLimitedReadWaitsForRetryAfterAndSucceeds() {
        OrderSnapshot order = newOrder();
        admin.injectFault(FaultRule.rateLimit("orders.get", Duration.ofSeconds(1)).times(2));

        long started = System.nanoTime();
        KaspiOrder read = client.getOrder(m1, new OrderId(order.id())).block(WAIT);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(read.code().value()).isEqualTo(order.code());
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(requests("orders.get", "rate_limited")).isEqualTo(2);
        assertThat(requests("orders.get", "success")).isEqualTo(1);
    }

    @Test
    void aRateLimitedAcceptIsRetriedBecauseKaspiDidNotActOnIt() {
        OrderSnapshot order = newOrder();
        admin.injectFault(FaultRule.rateLimit("orders.update", Duration.ofSeconds(0)).times(1));

        assertThat(client.accept(m1, new OrderId(order.id()), new OrderCode(order.code())).block(WAIT).status())
                .isEqualTo(OrderStatus.ACCEPTED_BY_MERCHANT);
        assertThat(admin.calls(CallKind.ORDER_ACCEPT, order.code())).isEqualTo(1);
    }

    @Test
    void aRetryAfterLongerThanAllowedFailsAsRateLimited() {
        OrderSnapshot order = newOrder();
        admin.injectFault(FaultRule.rateLimit("orders.get", Duration.ofSeconds(120)));
        assertThatThrownBy(() -> client.getOrder(m1, new OrderId(order.id())).block(WAIT))
                .isInstanceOfSatisfying(KaspiApiException.RateLimited.class,
                        limited -> assertThat(limited.retryAfter()).contains(Duration.ofSeconds(120)));
    }

    @Test
    void serverErrorsAreRetriedForReadsButNotForAccept() {
        OrderSnapshot order = newOrder();
        admin.injectFault(FaultRule.serverError("orders.get", 503).times(2));
        assertThat(client.getOrder(m1, new OrderId(order.id())).block(WAIT)).isNotNull();
        assertThat(requests("orders.get", "server_error")).isEqualTo(2);

        admin.injectFault(FaultRule.serverError("orders.update", 500).times(1));
        assertThatThrownBy(() -> client.accept(m1, new OrderId(order.id()), new OrderCode(order.code())).block(WAIT))
                .isInstanceOfSatisfying(KaspiApiException.ServerError.class,
                        error -> assertThat(error.status()).isEqualTo(500));
        assertThat(requests("orders.accept", "server_error")).isEqualTo(1);
    }

    @Test
    void persistentServerErrorsFailAfterTheRetries() {
        OrderSnapshot order = newOrder();
        admin.injectFault(FaultRule.serverError("orders.entries", 502));
        assertThatThrownBy(() -> client.getEntries(m1, new OrderId(order.id())).block(WAIT))
                .isInstanceOf(KaspiApiException.ServerError.class);
        assertThat(requests("orders.entries", "server_error")).isEqualTo(4);
        assertThat(meters.counter("kaspi.client.retries", "operation", "orders.entries", "reason", "server_error")
                .count()).isEqualTo(3);
    }

    @Test
    void aResponseSlowerThanTheTimeoutIsATypedTimeout() {
        OrderSnapshot order = newOrder();
        admin.injectFault(FaultRule.timeout("orders.get"));
        KaspiShopClient impatient = client(settings()
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300))
                .withRetry(new RetrySettings(1, Duration.ofMillis(10), Duration.ofMillis(10), 0, Duration.ZERO)));

        assertThatThrownBy(() -> impatient.getOrder(m1, new OrderId(order.id())).block(WAIT))
                .isInstanceOf(KaspiApiException.Timeout.class);
        assertThat(requests("orders.get", "timeout")).isEqualTo(2);
    }

    @Test
    void aDroppedConnectionIsRetriedForReadsAndTypedForWrites() {
        OrderSnapshot order = newOrder();
        admin.injectFault(FaultRule.dropConnection("orders.get").times(1));
        assertThat(client.getOrder(m1, new OrderId(order.id())).block(WAIT)).isNotNull();

        admin.injectFault(FaultRule.dropConnection("orders.update").times(1));
        assertThatThrownBy(() -> client.accept(m1, new OrderId(order.id()), new OrderCode(order.code())).block(WAIT))
                .isInstanceOfSatisfying(KaspiApiException.ConnectionFailed.class,
                        failed -> assertThat(failed.beforeRequest()).isFalse());
        assertThat(admin.calls(CallKind.ORDER_ACCEPT, order.code())).isZero();
    }

    @Test
    void aMalformedBodyIsATypedErrorNotACrash() {
        OrderSnapshot order = newOrder();
        admin.injectFault(FaultRule.malformedJson("orders.list"));
        Instant now = admin.now();
        assertThatThrownBy(() -> client.listOrders(m1, OrderQuery.createdBetween(now.minusSeconds(60), now,
                OrderState.NEW)).collectList().block(WAIT))
                .isInstanceOf(KaspiApiException.MalformedResponse.class);
        assertThat(requests("orders.list", "malformed")).isEqualTo(1);
        assertThat(client.getOrder(m1, new OrderId(order.id())).block(WAIT)).isNotNull();
    }

    @Test
    void theClientSideRateLimitSpacesCallsOfOneToken() {
        OrderSnapshot order = newOrder();
        KaspiShopClient limited = client(settings().withRateLimit(new RateLimitSettings(10, 1)));
        long started = System.nanoTime();
        for (int i = 0; i < 6; i++) {
            limited.getOrder(m1, new OrderId(order.id())).block(WAIT);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
    }

    @Test
    void tokensNeverAppearInSettingsOrErrors() {
        assertThat(m1.toString()).doesNotContain(sandbox.tokenOf("m1"));
        assertThat(Set.of(m1).toString()).doesNotContain(sandbox.tokenOf("m1"));
    }
}
