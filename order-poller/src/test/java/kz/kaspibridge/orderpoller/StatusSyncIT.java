package kz.kaspibridge.orderpoller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import kz.kaspibridge.kaspiclient.ApiToken;
import kz.kaspibridge.kaspiclient.shop.KaspiShopClient;
import kz.kaspibridge.kaspiclient.shop.OrderId;
import kz.kaspibridge.kaspiclient.shop.ShopClientSettings;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.schemas.common.OrderState;
import kz.kaspibridge.schemas.common.OrderStatus;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.orders.OrderStatusChanged;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Status sync: Kaspi has no order webhooks, so the poller keeps asking about the orders it emitted. */
class StatusSyncIT {

    private static final String MERCHANT = "sync-m1";
    private static KaspiSandbox sandbox;
    private static OrderTopic orders;
    private static PollerInstance poller;

    @BeforeAll
    static void start() {
        sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults()
                .withMerchants(List.of(new KaspiSandbox.Merchant(MERCHANT, "sandbox-token-sync-m1"))));
        orders = new OrderTopic();
        poller = PollerInstance.start("it-sync", sandbox.shopApiUrl(),
                PollerInstance.merchant(0, MERCHANT, sandbox.tokenOf(MERCHANT), "30d"));
    }

    @AfterAll
    static void stop() {
        poller.close();
        orders.close();
        sandbox.close();
    }

    @Test
    void aBuyerCancellationInKaspiBecomesOrderStatusChangedAndTheOrderIsNoLongerTracked() {
        String code = sandbox.admin().seedOrder(OrderSeed.forMerchant(MERCHANT)).code();
        awaitReceived(code);

        sandbox.admin().buyerCancels(code, false);

        OrderStatusChanged change = awaitChange(code, OrderStatus.CANCELLED);
        assertThat(change.getPreviousStatus()).isEqualTo(OrderStatus.APPROVED_BY_BANK);
        assertThat(change.getState()).isEqualTo(OrderState.ARCHIVE);
        assertThat(change.getFinalStatus()).isTrue();
    }

    @Test
    void anOrderOlderThanFourteenDaysIsStillSynced() {
        Instant twentyDaysAgo = sandbox.admin().now().minus(Duration.ofDays(20));
        String code = sandbox.admin().seedOrder(OrderSeed.forMerchant(MERCHANT).createdAt(twentyDaysAgo)).code();
        awaitReceived(code);

        sandbox.admin().bankCancels(code);

        assertThat(awaitChange(code, OrderStatus.CANCELLED).getFinalStatus()).isTrue();
    }

    @Test
    void acceptanceAndAReturnRequestKeepTheOrderTrackedUntilItIsReturned() {
        var seeded = sandbox.admin().seedOrder(OrderSeed.forMerchant(MERCHANT));
        String code = seeded.code();
        awaitReceived(code);

        // What order-command-service does: accept through the Shop API.
        new KaspiShopClient(ShopClientSettings.defaults(URI.create(sandbox.shopApiUrl())), new SimpleMeterRegistry())
                .accept(new ApiToken(sandbox.tokenOf(MERCHANT)), new OrderId(seeded.id()),
                        new kz.kaspibridge.kaspiclient.shop.OrderCode(code))
                .block(Duration.ofSeconds(10));
        assertThat(awaitChange(code, OrderStatus.ACCEPTED_BY_MERCHANT).getFinalStatus()).isFalse();

        sandbox.admin().returns(code, true);
        assertThat(awaitChange(code, OrderStatus.KASPI_DELIVERY_RETURN_REQUESTED).getFinalStatus()).isFalse();

        sandbox.admin().returns(code, false);
        assertThat(awaitChange(code, OrderStatus.RETURNED).getFinalStatus()).isTrue();
        assertThat(changesOf(code)).extracting(OrderStatusChanged::getStatus).containsExactly(
                OrderStatus.ACCEPTED_BY_MERCHANT, OrderStatus.KASPI_DELIVERY_RETURN_REQUESTED, OrderStatus.RETURNED);
    }

    private static void awaitReceived(String code) {
        await().atMost(Duration.ofSeconds(30)).until(() -> orders.received(MERCHANT).stream()
                .anyMatch(e -> e.getOrderCode().equals(code)));
    }

    private static OrderStatusChanged awaitChange(String code, OrderStatus status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> changesOf(code).stream()
                .anyMatch(c -> c.getStatus() == status));
        return changesOf(code).stream().filter(c -> c.getStatus() == status).findFirst().orElseThrow();
    }

    private static List<OrderStatusChanged> changesOf(String code) {
        return orders.statusChanges(MERCHANT).stream().filter(e -> e.getOrderCode().equals(code))
                .map(OrderEvent::getPayload).map(OrderStatusChanged.class::cast).toList();
    }
}
