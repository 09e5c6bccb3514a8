package kz.kaspibridge.deploy.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import kz.kaspibridge.ordercommand.tools.SendCommand;
import kz.kaspibridge.sandbox.orders.BulkSeed;
import kz.kaspibridge.sandbox.orders.DeliveryMode;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.schemas.catalog.PricelistPublished;
import kz.kaspibridge.schemas.commands.OrderAccepted;
import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.common.DeliveryStatus;
import kz.kaspibridge.schemas.delivery.DeliveryEvent;
import kz.kaspibridge.schemas.delivery.DeliveryStatusChanged;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.orders.OrderReceived;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;

/**
 * A little of each flow, on a running {@link WholeStack}, as run-local's demo drives it: new orders of both
 * merchants in the sandbox (polled; the AUTO merchant's accepted, the STOCK merchant's held), one order the AUTO
 * merchant delivers itself (booked by delivery-gateway and taken to delivered by the sandbox's signed webhooks
 * through webhook-ingress), and one offer with its stock written with order-command-service's merchant tool (the
 * AUTO merchant's price list is built). Each is waited for by its outcome on the topics, never for a fixed time.
 */
final class Traffic {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private Traffic() {
    }

    static void everyFlow(WholeStack stack) throws Exception {
        String run = String.format("%06d", System.nanoTime() % 1_000_000);
        try (RecordReader<OrderEvent> orders = reader(stack, Topics.ORDERS.name());
             RecordReader<OrderCommandResult> results = reader(stack, Topics.ORDER_RESULTS.name());
             RecordReader<DeliveryEvent> deliveries = reader(stack, Topics.DELIVERY_EVENTS.name());
             RecordReader<PricelistPublished> published = reader(stack, Topics.PRICELIST_PUBLISHED.name())) {
            String sku = "LIVE-" + run;
            SendCommand.sendAll(stack.kafka(), SendCommand.records(List.of(
                    "offer " + WholeStack.AUTO_MERCHANT + " " + sku + " \"Live check kettle\" Tefal 15990",
                    "stock " + WholeStack.AUTO_MERCHANT + " " + sku + " " + WholeStack.STORE + " 5"),
                    Clock.systemUTC()), false);

            Instant now = Instant.now();
            stack.sandbox().admin().seedOrders(new BulkSeed(null, 4, now.minus(Duration.ofHours(1)), now, null));
            String ownDelivery = "77" + run;
            stack.sandbox().admin().seedOrder(OrderSeed.forMerchant(WholeStack.AUTO_MERCHANT).withCode(ownDelivery)
                    .withDelivery(DeliveryMode.DELIVERY_LOCAL, false));

            orders.await(r -> r.value().getPayload() instanceof OrderReceived
                    && WholeStack.STOCK_MERCHANT.equals(r.value().getMetadata().getMerchantId()), WAIT);
            results.await(r -> ownDelivery.equals(r.key()) && r.value().getPayload() instanceof OrderAccepted, WAIT);
            published.await(r -> WholeStack.AUTO_MERCHANT.equals(r.value().getMetadata().getMerchantId())
                    && r.value().getOffers() > 0, WAIT);
            // Every status after "created" reaches the gateway only by webhook, through the ingress.
            deliveries.await(r -> ownDelivery.equals(r.key())
                    && r.value().getPayload() instanceof DeliveryStatusChanged changed
                    && changed.getStatus() == DeliveryStatus.DELIVERED, WAIT);
        }
    }

    private static <V> RecordReader<V> reader(WholeStack stack, String topic) {
        return RecordReader.fromBeginning(topic, stack.kafka().assignedReaderProperties("live-traffic-" + topic));
    }
}
