package kz.kaspibridge.schemas.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kz.kaspibridge.schemas.catalog.AvailableStock;
import kz.kaspibridge.schemas.catalog.OfferEvent;
import kz.kaspibridge.schemas.catalog.PricelistPublished;
import kz.kaspibridge.schemas.catalog.StockChanged;
import kz.kaspibridge.schemas.commands.OrderCommand;
import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.delivery.DeliveryCommand;
import kz.kaspibridge.schemas.delivery.DeliveryEvent;
import kz.kaspibridge.schemas.delivery.DeliveryStatusReported;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.webhooks.WebhookReceived;

/**
 * The topic catalog: every topic that carries a contract, with one writer each. Keys are strings:
 * the order code for order and delivery topics (so everything about one order stays ordered on one
 * partition), the sku for offers and stock.
 */
public final class Topics {

    /** Every topic's replication factor in production; a smaller local cluster overrides it. */
    public static final short PRODUCTION_REPLICAS = 3;
    private static final short REPLICAS = PRODUCTION_REPLICAS;
    private static final int PARTITIONS = 6;
    private static final Optional<Duration> FOREVER = Optional.empty();
    private static final String MERCHANT = "merchant";

    public static final Topic<OrderEvent> ORDERS = new Topic<>("kaspi.orders", "order code", OrderEvent.class,
            PARTITIONS, REPLICAS, CleanupPolicy.DELETE, days(30), "order-poller",
            List.of("order-command-service", MERCHANT));

    public static final Topic<OrderCommand> ORDER_COMMANDS = new Topic<>("kaspi.order-commands", "order code",
            OrderCommand.class, PARTITIONS, REPLICAS, CleanupPolicy.DELETE, days(7), MERCHANT,
            List.of("order-command-service"));

    public static final Topic<OrderCommandResult> ORDER_RESULTS = new Topic<>("kaspi.order-results", "order code",
            OrderCommandResult.class, PARTITIONS, REPLICAS, CleanupPolicy.DELETE, days(30), "order-command-service",
            List.of(MERCHANT));

    public static final Topic<DeliveryCommand> DELIVERY_COMMANDS = new Topic<>("kaspi.delivery-commands",
            "order code", DeliveryCommand.class, PARTITIONS, REPLICAS, CleanupPolicy.DELETE, days(7),
            "order-command-service", List.of("delivery-gateway"));

    public static final Topic<DeliveryEvent> DELIVERY_EVENTS = new Topic<>("kaspi.delivery-events", "order code",
            DeliveryEvent.class, PARTITIONS, REPLICAS, CleanupPolicy.DELETE, days(30), "delivery-gateway",
            List.of(MERCHANT));

    public static final Topic<DeliveryStatusReported> DELIVERY_STATUS_REPORTS = new Topic<>(
            "kaspi.delivery-status-reports", "order code", DeliveryStatusReported.class, PARTITIONS, REPLICAS,
            CleanupPolicy.DELETE, days(7), "webhook-ingress", List.of("delivery-gateway"));

    public static final Topic<WebhookReceived> WEBHOOKS_ARCHIVE = new Topic<>("kaspi.webhooks-archive",
            "webhook-id", WebhookReceived.class, PARTITIONS, REPLICAS, CleanupPolicy.DELETE, days(30),
            "webhook-ingress", List.of("operators"));

    /**
     * Keyed by merchant id and sku: compaction keeps the latest value per key, so a key of the sku alone would let
     * one merchant's offer erase another's with the same sku.
     */
    public static final Topic<OfferEvent> OFFERS = new Topic<>("kaspi.offers", "merchant id|sku", OfferEvent.class,
            PARTITIONS, REPLICAS, CleanupPolicy.COMPACT, FOREVER, MERCHANT, List.of("pricelist-publisher"));

    public static final Topic<StockChanged> STOCK_CHANGES = new Topic<>("kaspi.stock-changes", "sku",
            StockChanged.class, PARTITIONS, REPLICAS, CleanupPolicy.DELETE, days(7), MERCHANT,
            List.of("order-command-service"));

    /**
     * The stock that may still be sold, per merchant, store and sku: the one figure the STOCK policy decides with
     * and the price list shows. Compacted: the latest value per key is the figure.
     */
    public static final Topic<AvailableStock> AVAILABLE_STOCK = new Topic<>("kaspi.available-stock",
            "merchant id|store id|sku", AvailableStock.class, PARTITIONS, REPLICAS, CleanupPolicy.COMPACT, FOREVER,
            "order-command-service", List.of("pricelist-publisher", MERCHANT));

    public static final Topic<PricelistPublished> PRICELIST_PUBLISHED = new Topic<>("kaspi.pricelist-published",
            "merchant id", PricelistPublished.class, 1, REPLICAS, CleanupPolicy.DELETE, days(30),
            "pricelist-publisher", List.of(MERCHANT));

    private static final List<Topic<?>> ALL = List.of(ORDERS, ORDER_COMMANDS, ORDER_RESULTS, DELIVERY_COMMANDS,
            DELIVERY_EVENTS, DELIVERY_STATUS_REPORTS, WEBHOOKS_ARCHIVE, OFFERS, STOCK_CHANGES, AVAILABLE_STOCK,
            PRICELIST_PUBLISHED);

    /**
     * Services' internal topics keyed by order code: not contracts (plain JSON, one reader), named here only so
     * that the services and the operators' trace ({@code kaspi-ops trace}) use one spelling. Each is declared by
     * its service, with its {@code -dlt}.
     */
    public static final String ORDER_COMMAND_EFFECTS = "order-command-service.effects";
    public static final String ORDER_COMMAND_RESERVATIONS = "order-command-service.reservations";
    public static final String DELIVERY_GATEWAY_REQUESTS = "delivery-gateway.requests";
    public static final String DELIVERY_GATEWAY_OUTCOMES = "delivery-gateway.outcomes";

    private static final List<String> ORDER_KEYED_INTERNAL = List.of(ORDER_COMMAND_EFFECTS,
            ORDER_COMMAND_RESERVATIONS, DELIVERY_GATEWAY_REQUESTS, DELIVERY_GATEWAY_OUTCOMES);

    /**
     * Operators' requests to the order-poller: {@code <poller prefix>} + this, keyed by merchant id, read by the
     * instance that owns the merchant (see order-poller's README, "Re-polling a merchant").
     */
    public static final String REPOLL_REQUESTS_SUFFIX = ".repoll-requests";

    /**
     * Operators' requests to rebuild one merchant's price list, keyed by merchant id, tailed by every
     * pricelist-publisher instance (see its README, "Rebuilding a merchant's feed").
     */
    public static final String PRICELIST_REBUILD_REQUESTS = "pricelist-publisher.rebuild-requests";

    private Topics() {
    }

    /**
     * The topics an order's records are on, keyed by its code: the contract topics keyed by order code and
     * their dead-letter topics. {@link #orderKeyedInternal()} lists the services' own ones.
     */
    public static List<Topic<?>> orderKeyed() {
        List<Topic<?>> keyed = new ArrayList<>();
        for (Topic<?> topic : ALL) {
            if (topic.key().equals("order code")) {
                keyed.add(topic);
                keyed.add(topic.deadLetter());
            }
        }
        return List.copyOf(keyed);
    }

    /** The services' internal topics keyed by order code, without their dead-letter topics. */
    public static List<String> orderKeyedInternal() {
        return ORDER_KEYED_INTERNAL;
    }

    /** Every contract topic, without dead-letter topics. */
    public static List<Topic<?>> all() {
        return ALL;
    }

    /** The catalog entry with this name, dead-letter topics included. */
    public static Optional<Topic<?>> byName(String name) {
        for (Topic<?> topic : ALL) {
            if (topic.name().equals(name)) {
                return Optional.of(topic);
            }
            if (topic.deadLetter().name().equals(name)) {
                return Optional.of(topic.deadLetter());
            }
        }
        return Optional.empty();
    }

    /**
     * A service's internal topic (state, markers): not a contract, so not in the catalog, but laid
     * out by the same rules as catalog topics (production replicas, {@code min.insync.replicas}).
     * Its values are plain text. Declare it with
     * {@link kz.kaspibridge.schemas.spring.CatalogTopics#newTopic}, which applies a local override.
     *
     * @param module the service that writes and reads it
     */
    public static Topic<String> internal(String name, String key, int partitions, CleanupPolicy cleanupPolicy,
            Optional<Duration> retention, String module) {
        return new Topic<>(name, key, String.class, partitions, PRODUCTION_REPLICAS, cleanupPolicy, retention, module,
                List.of(module));
    }

    private static Optional<Duration> days(int days) {
        return Optional.of(Duration.ofDays(days));
    }
}
