package kz.kaspibridge.pricelist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.kaspibridge.ordercommand.OrderCommandServiceApplication;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.calls.CallKind;
import kz.kaspibridge.sandbox.orders.DeliveryMode;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.sandbox.orders.OrderSnapshot;
import kz.kaspibridge.schemas.commands.OrderAccepted;
import kz.kaspibridge.schemas.commands.OrderCancelled;
import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.common.CancellationReason;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.RecordWriter;
import kz.kaspibridge.testsupport.RunningService;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * The stock the price list shows is order-command-service's figure, over the real pieces: the sandbox as Kaspi,
 * order-command-service deciding one STOCK merchant's orders, and the publisher serving the file. The merchant
 * reports 5 units; an order for 2 is accepted in Kaspi and the file shows 3; its cancellation (by the merchant's
 * {@code CancelOrder}, or by the buyer as the poller reports it) puts the 2 back and the file shows 5 again.
 */
class StockShownIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String STORE = "PP1";
    // One broker per test JVM: a merchant and order codes of this run only.
    private static final String MERCHANT = "shown-" + UUID.randomUUID();
    private static final String RUN = String.format("%06d", System.nanoTime() % 1_000_000);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static KaspiSandbox sandbox;
    private static RunningService commands;
    private static Publisher publisher;
    private static CatalogRecords catalog;
    private static RecordWriter<Object> writer;
    private static RecordReader<OrderCommandResult> results;

    @BeforeAll
    static void start() throws IOException {
        // Declared by the poller in a real deployment; order-command-service only reads it.
        TestTopics.create(TestStack.bootstrapServers(), List.of(Topics.ORDERS.toNewTopic((short) 1)));
        sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults().withMerchants(List.of(
                new KaspiSandbox.Merchant(MERCHANT, "sandbox-token-" + MERCHANT))));
        String applicationId = "stock-shown-" + RUN;
        commands = RunningService.start(OrderCommandServiceApplication.class, Map.of(
                "order-command-service.kaspi.base-url", sandbox.shopApiUrl(),
                "order-command-service.kaspi.timeout", "5s",
                "order-command-service.streams.application-id", applicationId,
                "order-command-service.streams.state-dir", Files.createTempDirectory(applicationId).toString(),
                "order-command-service.merchants[0].id", MERCHANT,
                "order-command-service.merchants[0].token", sandbox.tokenOf(MERCHANT),
                "order-command-service.merchants[0].policy", "STOCK",
                "order-command-service.merchants[0].when-short", "CANCEL",
                "order-command-service.merchants[0].default-store", STORE));
        publisher = Publisher.start(Map.of());
        catalog = new CatalogRecords(MERCHANT);
        writer = new RecordWriter<>(CatalogRecords.CLIENT.producerProperties());
        results = RecordReader.fromBeginning(Topics.ORDER_RESULTS.name(),
                CatalogRecords.CLIENT.assignedReaderProperties("stock-shown-results-" + RUN));
        await().atMost(WAIT).until(() -> {
            KafkaStreams streams = commands.bean(StreamsBuilderFactoryBean.class).getKafkaStreams();
            return streams != null && streams.state() == KafkaStreams.State.RUNNING;
        });
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {results, writer, catalog, publisher, commands, sandbox}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // Close the rest anyway; the test's outcome is already decided.
                }
            }
        }
    }

    @Test
    void anAcceptedOrderLowersTheStockShownAndTheMerchantsCancellationRaisesItBack() {
        String sku = "SHOWN-A-" + RUN;
        offerWithStock(sku, 5);

        OrderSnapshot order = seed();
        writer.send(Topics.ORDERS.name(), order.code(), OrderRecords.received(order, sku, 2, STORE));
        assertThat(awaitResult(order, null).getPayload()).isInstanceOf(OrderAccepted.class);
        assertThat(status(order)).isEqualTo("ACCEPTED_BY_MERCHANT");
        awaitStockShown(sku, 3);

        String cancelId = UUID.randomUUID().toString();
        writer.send(Topics.ORDER_COMMANDS.name(), order.code(),
                OrderRecords.cancel(order, cancelId, CancellationReason.BUYER_CANCELLATION_BY_MERCHANT));
        assertThat(awaitResult(order, cancelId).getPayload()).isInstanceOf(OrderCancelled.class);
        assertThat(status(order)).isEqualTo("CANCELLED");
        awaitStockShown(sku, 5);

        assertThat(sandbox.admin().calls(CallKind.ORDER_ACCEPT, order.code())).isEqualTo(1);
        assertThat(sandbox.admin().calls(CallKind.ORDER_CANCEL, order.code())).isEqualTo(1);
    }

    @Test
    void theBuyersCancellationAsThePollerReportsItRaisesItBackToo() {
        String sku = "SHOWN-B-" + RUN;
        offerWithStock(sku, 5);

        OrderSnapshot order = seed();
        writer.send(Topics.ORDERS.name(), order.code(), OrderRecords.received(order, sku, 2, STORE));
        assertThat(awaitResult(order, null).getPayload()).isInstanceOf(OrderAccepted.class);
        awaitStockShown(sku, 3);

        assertThat(sandbox.admin().buyerCancels(order.code(), false)).isTrue();
        writer.send(Topics.ORDERS.name(), order.code(), OrderRecords.cancelledByBuyer(order));
        awaitStockShown(sku, 5);

        assertThat(status(order)).isEqualTo("CANCELLED");
        assertThat(sandbox.admin().calls(CallKind.ORDER_CANCEL, order.code())).isZero();
    }

    /**
     * The offer, and the merchant's report of {@code units} in {@link #STORE} made a minute ago (before any order of
     * this run is accepted), as the merchant's systems write them; then waits until the file shows the figure. That
     * also proves order-command-service applied the report before an order is sent: a report and an order travel
     * different repartition topics (its README, known limits).
     */
    private static void offerWithStock(String sku, int units) {
        catalog.offer(sku, "Model " + sku, "Brand", 10_000);
        writer.send(Topics.STOCK_CHANGES.name(), sku,
                OrderRecords.stock(MERCHANT, sku, STORE, units, Instant.now().minusSeconds(60)));
        awaitStockShown(sku, units);
    }

    /** An order of this run in the sandbox, picked up by the buyer: no delivery to book, nothing to assemble. */
    private static OrderSnapshot seed() {
        String code = "96" + RUN + String.format("%02d", SEQUENCE.incrementAndGet());
        return sandbox.admin().seedOrder(OrderSeed.forMerchant(MERCHANT).withCode(code)
                .withDelivery(DeliveryMode.DELIVERY_PICKUP, false));
    }

    /** The first result for the order, or for the given command of it. */
    private static OrderCommandResult awaitResult(OrderSnapshot order, String commandId) {
        return results.await(r -> isFor(r, order) && (commandId == null
                || commandId.equals(r.value().getCommandId())), WAIT).value();
    }

    private static boolean isFor(ConsumerRecord<String, OrderCommandResult> record, OrderSnapshot order) {
        return order.code().equals(record.key()) && MERCHANT.equals(record.value().getMetadata().getMerchantId());
    }

    private static String status(OrderSnapshot order) {
        return sandbox.admin().order(order.code()).orElseThrow().status().name();
    }

    /** Waits until the served file shows {@code units} of the sku in {@link #STORE}, on sale. */
    private static void awaitStockShown(String sku, int units) {
        String shown = "<availability available=\"yes\" storeId=\"" + STORE + "\" preOrder=\"0\" stockCount=\""
                + units + "\"/>";
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .alias("the file shows " + units + " of " + sku)
                .until(() -> offerElement(sku), offer -> offer.contains(shown));
    }

    /** The sku's {@code <offer>} in the served file, or "" while the file or the offer is not there. */
    private static String offerElement(String sku) {
        HttpResponse<String> response = publisher.get("/pricelist/" + MERCHANT + ".xml");
        if (response.statusCode() != 200) {
            return "";
        }
        Matcher offer = Pattern.compile("<offer sku=\"" + Pattern.quote(sku) + "\">.*?</offer>", Pattern.DOTALL)
                .matcher(response.body());
        return offer.find() ? offer.group() : "";
    }
}
