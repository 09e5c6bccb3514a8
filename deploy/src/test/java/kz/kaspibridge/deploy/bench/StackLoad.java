package kz.kaspibridge.deploy.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import kz.kaspibridge.deploy.live.StackSettings;
import kz.kaspibridge.ordercommand.tools.SendCommand;
import kz.kaspibridge.schemas.catalog.AvailableStock;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.schemas.webhooks.WebhookSignatures;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The traffic of {@link ServiceFootprintBenchmark}, as the merchant's systems and Kaspi would send it: the catalog
 * and stock on Kafka (order-command-service's {@code SendCommand} records), signed delivery webhooks over HTTP, and
 * single stock figures timed until the served price list shows them.
 */
final class StackLoad {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final int WEBHOOK_THREADS = 4;
    private static final Duration FEED_WAIT = Duration.ofSeconds(60);

    private final KafkaClientConfig kafka;
    private final StackSettings.Secrets secrets;
    private final URI webhookUrl;
    private final URI feedUrl;
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicLong answered2xx = new AtomicLong();
    private final List<Thread> senders = new ArrayList<>();
    private String etag;
    private String feed = "";

    StackLoad(KafkaClientConfig kafka, StackSettings.Secrets secrets, String webhookUrl, String feedUrl) {
        this.kafka = kafka;
        this.secrets = secrets;
        this.webhookUrl = URI.create(webhookUrl);
        this.feedUrl = URI.create(feedUrl);
    }

    static String sku(int index) {
        return String.format("BENCH-%06d", index);
    }

    /** Every offer and a stock figure of 10 for each, as a merchant's first load; returns ms until all served. */
    long catalog(int offers, Clock clock) throws Exception {
        long started = System.nanoTime();
        List<ProducerRecord<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < offers; i++) {
            records.add(SendCommand.record(new String[] {"offer", ServiceFootprintBenchmark.MERCHANT, sku(i),
                "Bench kettle " + i, "Tefal", Integer.toString(9_990 + i)}, clock));
            records.add(SendCommand.record(new String[] {"stock", ServiceFootprintBenchmark.MERCHANT, sku(i),
                ServiceFootprintBenchmark.STORE, "10"}, clock));
        }
        SendCommand.sendAll(kafka, records, false);
        awaitFeedShows(sku(offers - 1), 10, Duration.ofMinutes(5));
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** A {@code StockChanged} through order-command-service; ms from the send until the served file shows it. */
    long stockChangedToFeed(int index, int count) throws Exception {
        ProducerRecord<String, Object> record = SendCommand.record(new String[] {"stock",
            ServiceFootprintBenchmark.MERCHANT, sku(index), ServiceFootprintBenchmark.STORE,
            Integer.toString(count)}, Clock.systemUTC());
        long sent = System.nanoTime();
        SendCommand.send(kafka, record);
        awaitFeedShows(sku(index), count, FEED_WAIT);
        return (System.nanoTime() - sent) / 1_000_000;
    }

    /** The baseline: the {@code AvailableStock} order-command-service would publish, written straight. */
    long availableStockToFeed(int index, int count) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String id = UUID.randomUUID().toString();
        String merchant = ServiceFootprintBenchmark.MERCHANT;
        String store = ServiceFootprintBenchmark.STORE;
        AvailableStock stock = AvailableStock.newBuilder().setMetadata(EventMetadata.newBuilder().setEventId(id)
                        .setOccurredAt(now).setMerchantId(merchant).setCorrelationId(id).build())
                .setSku(sku(index)).setStoreId(store).setStockCount(count).setStoreAvailable(true).setPreOrder(0)
                .setReportedCount(count).setReportedAt(now).setReservedUnits(0).build();
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(kafka.producerProperties())) {
            ProducerRecord<String, Object> record = new ProducerRecord<>(Topics.AVAILABLE_STOCK.name(),
                    merchant + "|" + store + "|" + sku(index), stock);
            producer.partitionsFor(record.topic());  // metadata first: the clock measures the record's trip
            long sent = System.nanoTime();
            producer.send(record).get();
            awaitFeedShows(sku(index), count, FEED_WAIT);
            return (System.nanoTime() - sent) / 1_000_000;
        }
    }

    /** Polls the served file (a conditional GET, so an unchanged file costs a 304) until the offer shows count. */
    private void awaitFeedShows(String sku, int count, Duration wait) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!shows(feed, sku, count)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(sku + " with stock " + count + " not served in " + wait);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(feedUrl).timeout(Duration.ofSeconds(10));
            if (etag != null) {
                request.header("If-None-Match", etag);
            }
            HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                feed = answer.body();
                etag = answer.headers().firstValue("ETag").orElse(null);
            } else {
                Thread.sleep(10);
            }
        }
    }

    static boolean shows(String xml, String sku, int count) {
        int offer = xml.indexOf("sku=\"" + sku + "\"");
        if (offer < 0) {
            return false;
        }
        int end = xml.indexOf("</offer>", offer);
        int figure = xml.indexOf("stockCount=\"" + count + "\"", offer);
        return figure > 0 && figure < end;
    }

    /** Signed delivery webhooks at {@code perSecond}, on a few threads, until {@link #stopWebhooks}. */
    void startWebhooks(int perSecond) {
        sending.set(true);
        byte[] key = WebhookSignatures.decodeSecret(secrets.webhookSecret());
        long interval = TimeUnit.SECONDS.toNanos(1) * WEBHOOK_THREADS / Math.max(1, perSecond);
        for (int t = 0; t < WEBHOOK_THREADS; t++) {
            Thread sender = new Thread(() -> {
                long next = System.nanoTime();
                while (sending.get()) {
                    send(key);
                    next += interval;
                    LockSupport.parkNanos(next - System.nanoTime());
                }
            }, "bench-webhooks-" + t);
            senders.add(sender);
            sender.start();
        }
    }

    private void send(byte[] key) {
        String eventId = "wh_" + UUID.randomUUID().toString().replace("-", "");
        String body = """
                {"eventId":"%s","type":"delivery.in_transit","attempt":1,"data":{"deliveryId":"dlv_bench",\
                "externalOrderId":"%s","status":"in_transit","timestamp":"%s"}}"""
                .formatted(eventId, "B" + (eventId.hashCode() & 0xffff), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        long timestamp = Instant.now().getEpochSecond();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            HttpResponse<Void> answer = HTTP.send(HttpRequest.newBuilder(webhookUrl).timeout(Duration.ofSeconds(10))
                    .header(WebhookSignatures.ID_HEADER, eventId)
                    .header(WebhookSignatures.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(WebhookSignatures.SIGNATURE_HEADER, WebhookSignatures.sign(key, eventId, timestamp, bytes))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() / 100 == 2) {
                answered2xx.incrementAndGet();
            }
        } catch (IOException e) {
            // counted as not answered 2xx
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the webhook threads; returns how many webhooks were answered 2xx. */
    long stopWebhooks() throws InterruptedException {
        sending.set(false);
        for (Thread sender : senders) {
            sender.join(TimeUnit.SECONDS.toMillis(15));
        }
        senders.clear();
        return answered2xx.get();
    }
}
