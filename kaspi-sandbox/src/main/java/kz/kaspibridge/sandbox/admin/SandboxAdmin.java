package kz.kaspibridge.sandbox.admin;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import kz.kaspibridge.sandbox.calls.CallCounters;
import kz.kaspibridge.sandbox.calls.CallKind;
import kz.kaspibridge.sandbox.calls.ConcurrencyStats;
import kz.kaspibridge.sandbox.calls.InFlightLimit;
import kz.kaspibridge.sandbox.clock.SandboxClock;
import kz.kaspibridge.sandbox.clock.Timeline;
import kz.kaspibridge.sandbox.delivery.DeliveryBook;
import kz.kaspibridge.sandbox.delivery.DeliverySnapshot;
import kz.kaspibridge.sandbox.faults.FaultPlan;
import kz.kaspibridge.sandbox.faults.FaultRule;
import kz.kaspibridge.sandbox.orders.BulkSeed;
import kz.kaspibridge.sandbox.orders.OrderBook;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.sandbox.orders.OrderSnapshot;
import kz.kaspibridge.sandbox.orders.SandboxOrder;
import kz.kaspibridge.sandbox.webhooks.WebhookAttempt;
import kz.kaspibridge.sandbox.webhooks.WebhookSender;

/**
 * Everything a test or an operator can do to the sandbox beyond the Kaspi APIs: seed orders, play
 * the buyer or the bank, move time, read call counters, inject faults, watch webhooks. The HTTP
 * admin API ({@code /sandbox/admin}) and the in-process handle ({@code KaspiSandbox#admin()}) are
 * both this class.
 */
public final class SandboxAdmin {

    private final List<String> merchantIds;
    private final OrderBook orders;
    private final DeliveryBook deliveries;
    private final SandboxClock clock;
    private final Timeline timeline;
    private final CallCounters counters;
    private final InFlightLimit inFlight;
    private final FaultPlan faults;
    private final WebhookSender webhooks;

    public SandboxAdmin(List<String> merchantIds, OrderBook orders, DeliveryBook deliveries, SandboxClock clock,
                        Timeline timeline, CallCounters counters, InFlightLimit inFlight, FaultPlan faults,
                        WebhookSender webhooks) {
        this.merchantIds = List.copyOf(merchantIds);
        this.orders = orders;
        this.deliveries = deliveries;
        this.clock = clock;
        this.timeline = timeline;
        this.counters = counters;
        this.inFlight = inFlight;
        this.faults = faults;
        this.webhooks = webhooks;
    }

    public List<String> merchantIds() {
        return merchantIds;
    }

    // --- orders -------------------------------------------------------------------------------

    public OrderSnapshot seedOrder(OrderSeed seed) {
        requireMerchant(seed.merchantId());
        return orders.seed(seed);
    }

    /** Generates orders in memory; 100k take well under a few seconds. */
    public int seedOrders(BulkSeed bulk) {
        if (bulk.merchantId() != null) {
            requireMerchant(bulk.merchantId());
        }
        return orders.seed(bulk, merchantIds);
    }

    /** The skus generated orders' entries are drawn from (a seed without entries of its own uses these). */
    public List<String> generatedSkus() {
        return OrderBook.generatedSkus();
    }

    /** The merchant's points of service a generated order is picked from; its entries draw on that one. */
    public List<String> pickupPoints(String merchantId) {
        return OrderBook.pickupPoints(merchantId);
    }

    public Optional<OrderSnapshot> order(String code) {
        return orders.findByCode(code).map(SandboxOrder::snapshot);
    }

    /** The code Kaspi texted the buyer in step one of completion, as the buyer would read it out. */
    public Optional<String> securityCode(String orderCode) {
        return order(orderCode).map(OrderSnapshot::pendingSecurityCode);
    }

    /** The buyer cancels in the Kaspi app; with {@code stillCancelling} the order stays CANCELLING. */
    public boolean buyerCancels(String orderCode, boolean stillCancelling) {
        return onOrder(orderCode, order -> order.cancelledByKaspi("BUYER_CANCELLATION", stillCancelling));
    }

    /** The bank withdraws its approval (credit refused, payment reversed). */
    public boolean bankCancels(String orderCode) {
        return onOrder(orderCode, order -> order.cancelledByKaspi("BANK_CANCELLATION", false));
    }

    /** The buyer returns the order: KASPI_DELIVERY_RETURN_REQUESTED, or straight to RETURNED. */
    public boolean returns(String orderCode, boolean onlyRequested) {
        return onOrder(orderCode, order -> order.returned(onlyRequested));
    }

    /** Kaspi completes the order itself, as its couriers do for Kaspi Delivery orders. */
    public boolean kaspiCompletes(String orderCode) {
        return onOrder(orderCode, SandboxOrder::completedByKaspi);
    }

    public int orderCount() {
        return orders.size();
    }

    // --- deliveries ---------------------------------------------------------------------------

    public Optional<DeliverySnapshot> delivery(String deliveryId) {
        return deliveries.find(deliveryId);
    }

    public List<WebhookAttempt> webhookAttempts() {
        return webhooks.attempts();
    }

    /** Sends webhooks elsewhere from now on (a null url stops them); retries in flight follow. */
    public void retargetWebhooks(URI url, String secret) {
        webhooks.retarget(url, secret);
    }

    // --- time, counters, faults ---------------------------------------------------------------

    public Instant now() {
        return clock.instant();
    }

    /** Moves sandbox time forward and runs whatever became due (delivery steps, retries, waybills). */
    public Instant advanceClock(Duration by) {
        Instant now = clock.advance(by);
        timeline.nudge();
        return now;
    }

    public long calls(CallKind kind, String key) {
        return counters.get(kind, key);
    }

    public Map<String, Long> counters() {
        return counters.all();
    }

    public Map<CallKind, Long> countersFor(String key) {
        return counters.forKey(key);
    }

    /**
     * Concurrency per credential since the last reset, by label: the merchant id for a Shop API
     * token, {@value InFlightLimit#DELIVERY_LABEL} for the Delivery API key.
     */
    public Map<String, ConcurrencyStats> concurrency() {
        return inFlight.stats();
    }

    /** The most requests one credential had in flight at once; 0 when it made none. */
    public int highestConcurrency(String credential) {
        ConcurrencyStats stats = inFlight.stats().get(credential);
        return stats == null ? 0 : stats.highest();
    }

    /** The most requests any one credential had in flight at once: 1 when every client kept the rule. */
    public int highestConcurrency() {
        return inFlight.stats().values().stream().mapToInt(ConcurrencyStats::highest).max().orElse(0);
    }

    /** 429s answered, over every credential, because another request of the same one was in flight. */
    public long concurrencyRejections() {
        return inFlight.stats().values().stream().mapToLong(ConcurrencyStats::rejected).sum();
    }

    public void injectFault(FaultRule rule) {
        faults.add(rule);
    }

    public List<FaultRule> faults() {
        return faults.rules();
    }

    public void clearFaults() {
        faults.clear();
    }

    /**
     * Forgets every order, delivery, counter (concurrency included, but requests still in flight stay
     * counted), fault, webhook and pending task; time keeps going.
     */
    public void reset() {
        timeline.clear();
        orders.clear();
        deliveries.clear();
        counters.clear();
        inFlight.reset();
        faults.clear();
        webhooks.clear();
    }

    private boolean onOrder(String orderCode, Predicate<SandboxOrder> change) {
        return orders.findByCode(orderCode).map(change::test)
                .orElseThrow(() -> new IllegalArgumentException("no order with this code"));
    }

    private void requireMerchant(String merchantId) {
        if (!merchantIds.contains(merchantId)) {
            throw new IllegalArgumentException("unknown merchant: " + merchantId);
        }
    }
}
