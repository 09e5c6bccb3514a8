package kz.kaspibridge.pricelist.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import kz.kaspibridge.pricelist.catalog.RebuildSchedule;
import kz.kaspibridge.pricelist.feed.FeedPublisher;
import kz.kaspibridge.pricelist.feed.FeedSchema;
import kz.kaspibridge.pricelist.feed.FeedWriter;
import kz.kaspibridge.pricelist.feed.ServedFeeds;
import kz.kaspibridge.pricelist.kafka.CatalogReader;
import kz.kaspibridge.pricelist.kafka.Decoders;
import kz.kaspibridge.pricelist.kafka.KafkaAnnouncements;
import kz.kaspibridge.schemas.catalog.PricelistPublished;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The catalog reader's thread, the build pipeline and the state HTTP reads, wired from the settings. */
@Configuration(proxyBeanMethods = false)
class PricelistConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ServedFeeds servedFeeds() {
        return new ServedFeeds();
    }

    @Bean(destroyMethod = "close")
    Producer<String, PricelistPublished> pricelistProducer(KafkaClientConfig client) {
        return new KafkaProducer<>(client.producerProperties());
    }

    @Bean(destroyMethod = "close")
    Producer<String, byte[]> deadLetterProducer(KafkaClientConfig client) {
        return new KafkaProducer<>(client.rawProducerProperties());
    }

    @Bean
    KafkaAnnouncements announcements(Producer<String, PricelistPublished> pricelistProducer) {
        return new KafkaAnnouncements(pricelistProducer);
    }

    @Bean
    FeedPublisher feedPublisher(PricelistProperties properties, ServedFeeds served, KafkaAnnouncements announcements,
                                MeterRegistry meters, Clock clock) {
        Path directory = properties.feedDirectory();
        emptyCache(directory);
        return new FeedPublisher(directory, new FeedWriter(properties.zone()), FeedSchema.load(),
                merchant -> properties.merchant(merchant.value()).map(PricelistProperties.Merchant::company)
                        .filter(company -> !company.isBlank()).orElse(merchant.value()),
                served, announcements, meters, clock, properties.reportLimit());
    }

    @Bean
    CatalogReader catalogReader(KafkaClientConfig client, Producer<String, byte[]> deadLetterProducer,
                                FeedPublisher feedPublisher, ServedFeeds served, KafkaAnnouncements announcements,
                                PricelistProperties properties, Clock clock, MeterRegistry meters) {
        Map<String, Object> reader = new HashMap<>(client.assignedReaderProperties("pricelist-publisher-catalog"));
        // Raw values: the reader decodes them itself, so a bad record's original bytes can be dead-lettered.
        reader.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        reader.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new CatalogReader(() -> new KafkaConsumer<>(reader), deadLetterProducer, feedPublisher, served,
                new RebuildSchedule(properties.debounce(), properties.maxStaleness()), announcements,
                new Decoders(client), clock, properties.loadTimeout(),
                outcome -> io.micrometer.core.instrument.Counter.builder("kaspi.pricelist.rebuild.requests")
                        .description("Operators' rebuild requests, by what became of them")
                        .tag("outcome", outcome.tag()).register(meters).increment());
    }

    /** Runs the catalog reader on its own thread from start-up to shutdown. */
    @Bean
    SmartLifecycle catalogReaderThread(CatalogReader catalogReader) {
        return new SmartLifecycle() {
            private Thread thread;

            @Override
            public void start() {
                thread = new Thread(catalogReader, "pricelist-catalog");
                thread.start();
            }

            @Override
            public void stop() {
                catalogReader.stop();
                try {
                    thread.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                thread = null;
            }

            @Override
            public boolean isRunning() {
                return thread != null;
            }
        };
    }

    /** Ready once the catalog was read to its end and every file built: never an empty or partial file. */
    @Bean
    HealthIndicator catalogHealthIndicator(ServedFeeds served) {
        return () -> served.caughtUp()
                ? Health.up().withDetail("merchants", served.merchants().size()).build()
                : Health.down().withDetail("reason", "reading the catalog from Kafka").build();
    }

    /** The directory is a cache of builds; what a previous run left is stale. */
    private static void emptyCache(Path directory) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(f -> f.getFileName().toString().matches(".*\\.(xml|tmp)")).sorted(Comparator.reverseOrder())
                    .forEach(f -> {
                        try {
                            Files.deleteIfExists(f);
                        } catch (IOException e) {
                            throw new UncheckedIOException("cannot empty the feed cache " + directory, e);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the feed cache " + directory, e);
        }
    }
}
