package kz.kaspibridge.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kz.kaspibridge.deploy.live.SharedStack;
import kz.kaspibridge.deploy.live.WholeStack;
import kz.kaspibridge.sandbox.admin.SandboxAdmin;
import kz.kaspibridge.sandbox.calls.CallKind;
import kz.kaspibridge.sandbox.orders.DeliveryMode;
import kz.kaspibridge.sandbox.orders.OrderEntry;
import kz.kaspibridge.sandbox.orders.OrderSnapshot;
import kz.kaspibridge.sandbox.webhooks.WebhookAttempt;
import kz.kaspibridge.schemas.commands.OrderAccepted;
import kz.kaspibridge.schemas.commands.OrderAssembled;
import kz.kaspibridge.schemas.commands.OrderCancelled;
import kz.kaspibridge.schemas.commands.OrderCommandRejected;
import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.commands.OrderCompleted;
import kz.kaspibridge.schemas.commands.OrderCompletionCodeSent;
import kz.kaspibridge.schemas.common.CancellationReason;
import kz.kaspibridge.schemas.common.DeliveryStatus;
import kz.kaspibridge.schemas.common.OrderStatus;
import kz.kaspibridge.schemas.delivery.BookDelivery;
import kz.kaspibridge.schemas.delivery.DeliveryBooked;
import kz.kaspibridge.schemas.delivery.DeliveryStatusChanged;
import kz.kaspibridge.schemas.orders.OrderReceived;
import kz.kaspibridge.schemas.orders.OrderStatusChanged;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What users are promised, over the whole system: the sandbox as Kaspi, a real broker and registry, and every
 * service as it runs (one JVM, wired as {@code ./run-local} wires them; {@link WholeStack}). Each test seeds orders
 * in the sandbox as Kaspi's buyers would, or writes commands and stock as the merchant's systems would, and checks
 * the outcome where each side sees it: the topics the merchant reads, the sandbox's own state and call counters
 * (no Kaspi effect twice), and the price list file Kaspi downloads.
 */
@ExtendWith(SharedStack.class)
class EndToEndIT {

    private static final String AUTO = WholeStack.AUTO_MERCHANT;

    private static WholeStack stack;
    private static SandboxAdmin kaspi;
    private static Flows flows;

    @BeforeAll
    static void start(WholeStack shared) {
        stack = shared;
        kaspi = stack.sandbox().admin();
        flows = new Flows(stack);
    }

    @AfterAll
    static void stop() {
        if (flows != null) {
            flows.close();
        }
    }

    @Test
    void anOrderGoesFromKaspiThroughAcceptanceAndACourierToDelivered() {
        OrderSnapshot order = flows.seed(AUTO, DeliveryMode.DELIVERY_LOCAL, false);

        flows.awaitOrderEvent(order, OrderReceived.class);
        flows.awaitResult(order, OrderAccepted.class);
        assertThat(flows.kaspiStatus(order)).isEqualTo("ACCEPTED_BY_MERCHANT");
        BookDelivery booking = flows.awaitDeliveryCommand(order, BookDelivery.class);
        assertThat(booking.getPickup().getAddress()).isNotBlank();
        DeliveryBooked booked = flows.awaitDeliveryEvent(order, DeliveryBooked.class);
        // Every status after the booking reaches delivery-gateway only as a signed webhook through webhook-ingress.
        flows.awaitStatus(order, DeliveryStatus.DELIVERED);

        assertThat(flows.statusChanges(order)).as("each status once, forward only")
                .containsExactly(DeliveryStatus.CREATED, DeliveryStatus.ACCEPTED, DeliveryStatus.IN_TRANSIT, DeliveryStatus.OUT_FOR_DELIVERY,
                        DeliveryStatus.DELIVERED);
        assertThat(kaspi.delivery(booked.getDeliveryId()).orElseThrow().status().name()).isEqualTo("DELIVERED");
        List<WebhookAttempt> webhooks = kaspi.webhookAttempts().stream()
                .filter(attempt -> booked.getDeliveryId().equals(attempt.deliveryId())).toList();
        assertThat(webhooks).as("the sandbox's webhooks for the delivery").isNotEmpty()
                .allMatch(WebhookAttempt::delivered, "answered 2xx at the first attempt")
                .allMatch(attempt -> attempt.attempt() == 1, "answered 2xx at the first attempt");
        assertThat(kaspi.calls(CallKind.ORDER_ACCEPT, order.code())).isEqualTo(1);
        assertThat(kaspi.calls(CallKind.DELIVERY_CREATED, order.code())).isEqualTo(1);
        assertThat(flows.results(order)).hasSize(1);
    }

    @Test
    void aKaspiDeliveryOrderIsAcceptedThenAssembledWithItsWaybill() {
        OrderSnapshot order = flows.seed(AUTO, DeliveryMode.DELIVERY_LOCAL, true);

        flows.awaitResult(order, OrderAccepted.class);
        // Packed: the merchant's system says into how many places (automatic assembly is off, as in run-local).
        String commandId = UUID.randomUUID().toString();
        flows.assemble(order, commandId, 2);
        OrderAssembled assembled = flows.awaitResult(order, commandId, OrderAssembled.class);

        assertThat(assembled.getNumberOfSpace()).isEqualTo(2);
        assertThat(assembled.getWaybillUrl()).as("the waybill Kaspi made").startsWith("http");
        assertThat(assembled.getWaybillUrl()).isEqualTo(kaspi.order(order.code()).orElseThrow().waybill());
        assertThat(kaspi.calls(CallKind.ORDER_ACCEPT, order.code())).isEqualTo(1);
        assertThat(kaspi.calls(CallKind.ORDER_ASSEMBLE, order.code())).isEqualTo(1);
        assertThat(kaspi.calls(CallKind.DELIVERY_BOOK, order.code())).as("Kaspi delivers it: no courier of ours")
                .isZero();
        assertThat(flows.deliveryCommands(order)).isEmpty();
    }

    @Test
    void aCancelOrderCommandCancelsInKaspiOnceEvenWhenSentTwice() {
        OrderSnapshot order = flows.seed(AUTO, DeliveryMode.DELIVERY_PICKUP, false);
        flows.awaitResult(order, OrderAccepted.class);

        String commandId = UUID.randomUUID().toString();
        flows.cancel(order, commandId, CancellationReason.BUYER_NOT_REACHABLE, "Не дозвонились");
        OrderCancelled cancelled = flows.awaitResult(order, commandId, OrderCancelled.class);
        flows.cancel(order, commandId, CancellationReason.BUYER_NOT_REACHABLE, "Не дозвонились");
        // A later command of the same order is decided after the repeated one (one key, one partition, in order).
        String probe = UUID.randomUUID().toString();
        flows.complete(order, probe, null);
        OrderCommandRejected rejected = flows.awaitResult(order, probe, OrderCommandRejected.class);

        assertThat(cancelled.getReason()).isEqualTo(CancellationReason.BUYER_NOT_REACHABLE);
        assertThat(flows.kaspiStatus(order)).isEqualTo("CANCELLED");
        assertThat(rejected.getReason().toString()).isEqualTo("ORDER_CANCELLED");
        assertThat(flows.results(order, commandId)).as("one result for the command sent twice").hasSize(1);
        assertThat(kaspi.calls(CallKind.ORDER_CANCEL, order.code())).isEqualTo(1);
        assertThat(kaspi.calls(CallKind.ORDER_SEND_CODE, order.code())).isZero();
        flows.awaitOrderStatus(order, OrderStatus.CANCELLED);
    }

    @Test
    void theBuyersCancellationInKaspiReachesTheMerchantAndStopsFurtherCommands() {
        OrderSnapshot order = flows.seed(AUTO, DeliveryMode.DELIVERY_PICKUP, false);
        flows.awaitResult(order, OrderAccepted.class);

        assertThat(kaspi.buyerCancels(order.code(), false)).isTrue();
        OrderStatusChanged changed = flows.awaitOrderStatus(order, OrderStatus.CANCELLED);
        String commandId = UUID.randomUUID().toString();
        flows.complete(order, commandId, null);
        OrderCommandRejected rejected = flows.awaitResult(order, commandId, OrderCommandRejected.class);

        assertThat(changed.getFinalStatus()).as("a cancelled order is final").isTrue();
        assertThat(rejected.getReason().toString()).isEqualTo("ORDER_CANCELLED");
        assertThat(kaspi.calls(CallKind.ORDER_CANCEL, order.code())).as("the buyer cancelled, not us").isZero();
        assertThat(kaspi.calls(CallKind.ORDER_SEND_CODE, order.code())).isZero();
    }

    @Test
    void anOrderIsCompletedInTwoStepsWithTheBuyersCode() {
        OrderSnapshot order = flows.seed(AUTO, DeliveryMode.DELIVERY_PICKUP, false);
        flows.awaitResult(order, OrderAccepted.class);

        String sendCode = UUID.randomUUID().toString();
        flows.complete(order, sendCode, null);
        flows.awaitResult(order, sendCode, OrderCompletionCodeSent.class);
        String code = kaspi.securityCode(order.code()).orElseThrow();
        String complete = UUID.randomUUID().toString();
        flows.complete(order, complete, code);
        flows.awaitResult(order, complete, OrderCompleted.class);

        assertThat(flows.kaspiStatus(order)).isEqualTo("COMPLETED");
        assertThat(kaspi.calls(CallKind.ORDER_SEND_CODE, order.code())).isEqualTo(1);
        assertThat(kaspi.calls(CallKind.ORDER_COMPLETE, order.code())).isEqualTo(1);
        flows.awaitOrderStatus(order, OrderStatus.COMPLETED);
    }

    /**
     * The STOCK merchant that cancels when short, over its price list: reported stock shows in the file; an
     * accepted order lowers it; the buyer's cancellation gives it back; once the merchant reports none left, the
     * next order is cancelled out of stock and the file offers nothing.
     */
    @Test
    void stockAndOrdersShowInTheNewPriceListAndAnOrderBeyondTheStockIsCancelled() {
        String merchant = WholeStack.STOCK_CANCEL_MERCHANT;
        List<String> skus = kaspi.generatedSkus();
        List<String> stores = kaspi.pickupPoints(merchant);
        flows.offersWithStock(merchant, skus, stores, 5);
        PriceList start = flows.awaitPriceList(merchant, list -> list.showsEverywhere(skus, stores, 5));
        assertThat(start.problem()).as("the file validates against Kaspi's schema").isEmpty();

        OrderSnapshot order = flows.seed(merchant, DeliveryMode.DELIVERY_PICKUP, false, 1);
        OrderEntry entry = order.entries().get(0);
        flows.awaitResult(order, OrderAccepted.class);
        assertThat(flows.kaspiStatus(order)).isEqualTo("ACCEPTED_BY_MERCHANT");
        int left = 5 - entry.quantity();
        PriceList afterOrder = flows.awaitPriceList(merchant,
                list -> list.stock(entry.offerCode(), entry.pointOfServiceId()) == left);
        assertThat(afterOrder.problem()).isEmpty();
        assertThat(afterOrder.stockOf(entry.offerCode())).as("the other stores keep theirs")
                .containsEntry(entry.pointOfServiceId(), left).hasSize(stores.size())
                .allSatisfy((store, count) -> assertThat(count).isEqualTo(store.equals(entry.pointOfServiceId())
                        ? left : 5));

        assertThat(kaspi.buyerCancels(order.code(), false)).isTrue();
        flows.awaitOrderStatus(order, OrderStatus.CANCELLED);
        flows.awaitPriceList(merchant, list -> list.stock(entry.offerCode(), entry.pointOfServiceId()) == 5);

        flows.stock(merchant, skus, stores, 0, Duration.ZERO);
        PriceList soldOut = flows.awaitPriceList(merchant, list -> list.showsEverywhere(skus, stores, 0));
        assertThat(soldOut.problem()).isEmpty();
        assertThat(soldOut.availableAnywhere()).as("nothing offered as available").isFalse();
        OrderSnapshot tooMany = flows.seed(merchant, DeliveryMode.DELIVERY_PICKUP, false, 1);
        OrderCancelled cancelled = flows.awaitResult(tooMany, OrderCancelled.class);

        assertThat(cancelled.getReason()).isEqualTo(CancellationReason.MERCHANT_OUT_OF_STOCK);
        assertThat(flows.kaspiStatus(tooMany)).isEqualTo("CANCELLED");
        assertThat(kaspi.calls(CallKind.ORDER_ACCEPT, tooMany.code())).isZero();
        assertThat(kaspi.calls(CallKind.ORDER_CANCEL, tooMany.code())).isEqualTo(1);
        assertThat(kaspi.calls(CallKind.ORDER_ACCEPT, order.code())).isEqualTo(1);
        assertThat(kaspi.calls(CallKind.ORDER_CANCEL, order.code())).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(flows.published(merchant))
                .as("each new file announced").hasSizeGreaterThanOrEqualTo(3));
    }

    /** Sanity of the helper the stock test relies on: the file's figures per store of one sku. */
    @Test
    void aPriceListReadsItsAvailabilitiesPerStore() {
        PriceList list = PriceList.of("""
                <kaspi_catalog><offers><offer sku="A-1"><model>m</model><availabilities>
                <availability available="yes" storeId="S1" preOrder="0" stockCount="3"/>
                <availability available="no" storeId="S2" preOrder="0" stockCount="0"/>
                </availabilities></offer></offers></kaspi_catalog>""");

        assertThat(list.stockOf("A-1")).isEqualTo(Map.of("S1", 3, "S2", 0));
        assertThat(list.stock("A-1", "S3")).isEqualTo(-1);
        assertThat(list.availableAnywhere()).isTrue();
    }
}
