package kz.kaspibridge.pricelist.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kz.kaspibridge.pricelist.catalog.MerchantId;
import kz.kaspibridge.pricelist.feed.Feed;
import kz.kaspibridge.pricelist.feed.FeedPublisher;
import kz.kaspibridge.schemas.catalog.PricelistPublished;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.topics.Topics;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces each new file on {@code kaspi.pricelist-published}, once: a file already announced (read back at
 * start-up) is not announced again, and one that could not be sent is retried until it is, unless a newer file
 * replaced it. The event id is derived from merchant and content, so a consumer that still sees a repeat (two
 * instances announcing the same file) can drop it by id.
 *
 * <p>Called from the catalog reader's thread only.
 */
public final class KafkaAnnouncements implements FeedPublisher.Announcements {

    private static final Logger log = LoggerFactory.getLogger(KafkaAnnouncements.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RETRY_EVERY = Duration.ofSeconds(5);

    private final Producer<String, PricelistPublished> producer;
    private final Map<MerchantId, String> announced = new ConcurrentHashMap<>();
    private final Map<MerchantId, Feed> unsent = new ConcurrentHashMap<>();
    private long nextRetry = System.nanoTime();

    public KafkaAnnouncements(Producer<String, PricelistPublished> producer) {
        this.producer = producer;
    }

    /** An announcement read back from the topic. */
    void seen(PricelistPublished event) {
        announced.put(new MerchantId(event.getMetadata().getMerchantId()), event.getSha256());
    }

    @Override
    public void announce(Feed feed) {
        unsent.put(feed.merchant(), feed);
        send(feed);
    }

    /**
     * Sends what could not be sent before, at most every few seconds: while the broker is away each try blocks for
     * the send timeout, and the reader's thread has files to build meanwhile.
     */
    void retry() {
        if (unsent.isEmpty() || System.nanoTime() - nextRetry < 0) {
            return;
        }
        nextRetry = System.nanoTime() + RETRY_EVERY.toNanos();
        unsent.values().forEach(this::send);
    }

    private void send(Feed feed) {
        MerchantId merchant = feed.merchant();
        if (feed.sha256().equals(announced.get(merchant))) {
            unsent.remove(merchant, feed);
            return;
        }
        String eventId = UUID.nameUUIDFromBytes((merchant.value() + "|" + feed.sha256())
                .getBytes(StandardCharsets.UTF_8)).toString();
        PricelistPublished event = PricelistPublished.newBuilder()
                .setMetadata(EventMetadata.newBuilder().setEventId(eventId).setOccurredAt(feed.builtAt())
                        .setMerchantId(merchant.value()).setCorrelationId(eventId).setCausationId(null).build())
                .setOffers(feed.offers()).setExcluded(feed.excluded()).setBytes(feed.bytes())
                .setSha256(feed.sha256()).build();
        try {
            producer.send(new ProducerRecord<>(Topics.PRICELIST_PUBLISHED.name(), merchant.value(), event))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            announced.put(merchant, feed.sha256());
            unsent.remove(merchant, feed);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("could not announce the price list {} of merchant {} yet; retrying: {}", feed.sha256(), merchant,
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
