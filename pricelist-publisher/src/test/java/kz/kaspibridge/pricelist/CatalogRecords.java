package kz.kaspibridge.pricelist;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import kz.kaspibridge.schemas.catalog.AvailableStock;
import kz.kaspibridge.schemas.catalog.CityPrice;
import kz.kaspibridge.schemas.catalog.OfferEvent;
import kz.kaspibridge.schemas.catalog.OfferRemoved;
import kz.kaspibridge.schemas.catalog.OfferUpserted;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordWriter;
import kz.kaspibridge.testsupport.TestStack;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes what the merchant (offers) and order-command-service (available stock) would, through the catalog's
 * serdes, for one merchant.
 */
final class CatalogRecords implements AutoCloseable {

    static final KafkaClientConfig CLIENT = new KafkaClientConfig(TestStack.bootstrapServers(), TestStack.registryUrl(),
            true);

    private final String merchant;
    private final RecordWriter<SpecificRecord> writer = new RecordWriter<>(CLIENT.producerProperties());
    private Instant clock = Instant.parse("2026-12-01T06:00:00Z");

    CatalogRecords(String merchant) {
        this.merchant = merchant;
    }

    void offer(String sku, String model, String brand, long price) {
        upsert(sku, OfferUpserted.newBuilder().setModel(model).setBrand(brand).setPrice(price).build());
    }

    void cityOffer(String sku, String model, String brand, Map<String, Long> prices) {
        upsert(sku, OfferUpserted.newBuilder().setModel(model).setBrand(brand).setPrice(null)
                .setCityPrices(prices.entrySet().stream().map(e -> new CityPrice(e.getKey(), e.getValue())).toList())
                .build());
    }

    void upsert(String sku, OfferUpserted offer) {
        writer.send(Topics.OFFERS.name(), merchant + "|" + sku, OfferEvent.newBuilder().setMetadata(metadata())
                .setSku(sku).setPayload(offer).build());
    }

    /** An offer for {@code sku}, not sent: for a test that sends it some other way. */
    OfferEvent offerEvent(String sku) {
        return OfferEvent.newBuilder().setMetadata(metadata()).setSku(sku).setPayload(OfferUpserted.newBuilder()
                .setModel("Model").setBrand("Brand").setPrice(100L).build()).build();
    }

    void remove(String sku) {
        writer.send(Topics.OFFERS.name(), merchant + "|" + sku, OfferEvent.newBuilder().setMetadata(metadata())
                .setSku(sku).setPayload(new OfferRemoved()).build());
    }

    void stock(String sku, String store, int count, boolean available) {
        writer.send(Topics.AVAILABLE_STOCK.name(), merchant + "|" + store + "|" + sku, figure(sku, store, count,
                available));
    }

    AvailableStock figure(String sku, String store, int count, boolean available) {
        return AvailableStock.newBuilder().setMetadata(metadata()).setSku(sku).setStoreId(store)
                .setStockCount(count).setStoreAvailable(available).setPreOrder(0).setReportedCount(count)
                .setReportedAt(clock).setReservedUnits(0).build();
    }

    RecordWriter<SpecificRecord> writer() {
        return writer;
    }

    /** Each record a second after the one before: the file's date is the newest. */
    private EventMetadata metadata() {
        clock = clock.plusSeconds(1);
        String id = UUID.randomUUID().toString();
        return EventMetadata.newBuilder().setEventId(id).setOccurredAt(clock).setMerchantId(merchant)
                .setCorrelationId(id).build();
    }

    @Override
    public void close() {
        writer.close();
    }
}
