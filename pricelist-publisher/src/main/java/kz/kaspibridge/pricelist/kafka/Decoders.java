package kz.kaspibridge.pricelist.kafka;

import kz.kaspibridge.schemas.catalog.AvailableStock;
import kz.kaspibridge.schemas.catalog.OfferEvent;
import kz.kaspibridge.schemas.catalog.PricelistPublished;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.serde.StreamsSerdes;
import kz.kaspibridge.schemas.topics.Topic;
import kz.kaspibridge.schemas.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes the raw values the catalog reader reads, with the catalog's serdes. Reading raw bytes keeps the original
 * of a bad record, to dead-letter it verbatim.
 */
public final class Decoders {

    private final Deserializer<OfferEvent> offers;
    private final Deserializer<AvailableStock> stock;
    private final Deserializer<PricelistPublished> published;

    public Decoders(KafkaClientConfig client) {
        StreamsSerdes serdes = new StreamsSerdes(client);
        this.offers = serdes.value(Topics.OFFERS).deserializer();
        this.stock = serdes.value(Topics.AVAILABLE_STOCK).deserializer();
        this.published = serdes.value(Topics.PRICELIST_PUBLISHED).deserializer();
    }

    OfferEvent offer(ConsumerRecord<String, byte[]> record) {
        return decode(offers, Topics.OFFERS, record);
    }

    AvailableStock stock(ConsumerRecord<String, byte[]> record) {
        return decode(stock, Topics.AVAILABLE_STOCK, record);
    }

    PricelistPublished published(ConsumerRecord<String, byte[]> record) {
        return decode(published, Topics.PRICELIST_PUBLISHED, record);
    }

    private static <V extends SpecificRecord> V decode(Deserializer<V> deserializer, Topic<V> topic,
                                                       ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new Catalogs.Refused("a null value on " + topic.name());
        }
        try {
            V value = deserializer.deserialize(record.topic(), record.headers(), record.value());
            if (value == null) {
                throw new Catalogs.Refused("undecodable: no value");
            }
            return value;
        } catch (RuntimeException e) {
            if (e instanceof Catalogs.Refused refused) {
                throw refused;
            }
            throw new Catalogs.Refused("undecodable as " + topic.valueType().getSimpleName() + ": " + e.getMessage());
        }
    }
}
