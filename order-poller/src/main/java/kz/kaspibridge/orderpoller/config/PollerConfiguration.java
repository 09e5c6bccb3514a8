package kz.kaspibridge.orderpoller.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import kz.kaspibridge.kaspiclient.ApiToken;
import kz.kaspibridge.kaspiclient.RateLimitSettings;
import kz.kaspibridge.kaspiclient.RetrySettings;
import kz.kaspibridge.kaspiclient.shop.KaspiShopClient;
import kz.kaspibridge.kaspiclient.shop.ShopClientSettings;
import kz.kaspibridge.orderpoller.kaspi.KaspiOrderSource;
import kz.kaspibridge.orderpoller.merchants.Backoff;
import kz.kaspibridge.orderpoller.merchants.MerchantHealth;
import kz.kaspibridge.orderpoller.merchants.MerchantWorkers;
import kz.kaspibridge.orderpoller.polling.MerchantId;
import kz.kaspibridge.orderpoller.polling.MerchantPoller;
import kz.kaspibridge.orderpoller.polling.OrderSource;
import kz.kaspibridge.orderpoller.polling.PollWindows;
import kz.kaspibridge.orderpoller.polling.PollerMetrics;
import kz.kaspibridge.orderpoller.merchants.KafkaMerchantAssignment;
import kz.kaspibridge.orderpoller.publishing.KafkaOrderEvents;
import kz.kaspibridge.orderpoller.publishing.KafkaRepollRequests;
import kz.kaspibridge.orderpoller.publishing.PollerTopics;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.spring.CatalogTopics;
import kz.kaspibridge.schemas.spring.KaspiKafkaProperties;
import kz.kaspibridge.schemas.topics.Topics;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Builds the domain objects from {@link OrderPollerProperties} and plugs in the Kafka and Kaspi adapters. */
@Configuration(proxyBeanMethods = false)
class PollerConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    PollerTopics pollerTopics(OrderPollerProperties poller) {
        return new PollerTopics(poller.kafka().topicPrefix(), poller.kafka().partitions());
    }

    /** The poller writes kaspi.orders; it reads no catalog topic, so it declares no dead-letter topic. */
    @Bean
    KafkaAdmin.NewTopics ordersTopic(KaspiKafkaProperties kafka) {
        return CatalogTopics.declare(kafka, Topics.ORDERS);
    }

    @Bean
    KafkaAdmin.NewTopics pollerStateTopics(PollerTopics topics, KaspiKafkaProperties kafka) {
        return new KafkaAdmin.NewTopics(topics.declarations().stream().map(topic -> CatalogTopics.newTopic(kafka, topic))
                .toArray(org.apache.kafka.clients.admin.NewTopic[]::new));
    }

    @Bean
    KafkaOrderEvents orderEvents(KafkaClientConfig client, PollerTopics topics, Clock clock) {
        return new KafkaOrderEvents(client, topics, clock);
    }

    @Bean
    OrderSource orderSource(OrderPollerProperties poller, MeterRegistry meters) {
        OrderPollerProperties.Kaspi kaspi = poller.kaspi();
        // 0 switches the client-side limit off (benchmarks against the sandbox); Kaspi itself needs it.
        RateLimitSettings rateLimit = kaspi.requestsPerSecond() > 0
                ? new RateLimitSettings(kaspi.requestsPerSecond(), Math.max(1, (int) kaspi.requestsPerSecond()))
                : new RateLimitSettings(1_000_000, 1_000_000);
        RetrySettings retry = new RetrySettings(kaspi.maxRetries(), Duration.ofMillis(200), Duration.ofSeconds(10),
                0.5, Duration.ofSeconds(60));
        ShopClientSettings settings = ShopClientSettings.defaults(kaspi.baseUrl())
                .withTimeouts(Duration.ofSeconds(5), kaspi.timeout())
                .withPageSize(kaspi.pageSize())
                .withRetry(retry)
                .withRateLimit(rateLimit);
        Map<MerchantId, ApiToken> tokens = new LinkedHashMap<>();
        poller.merchants().forEach(m -> tokens.put(new MerchantId(m.id()), new ApiToken(m.resolveToken())));
        // A listing may walk hundreds of pages; the client bounds each call, this bounds the whole.
        return new KaspiOrderSource(new KaspiShopClient(settings, meters), tokens, Duration.ofMinutes(15),
                kaspi.listingConcurrency(), settings.maxWindow());
    }

    @Bean
    MerchantHealth merchantHealth() {
        return new MerchantHealth();
    }

    @Bean
    MerchantsHealthIndicator merchantsHealthIndicator(MerchantHealth health) {
        return new MerchantsHealthIndicator(health);
    }

    @Bean
    PollerMetrics pollerMetrics(MeterRegistry meters, OrderPollerProperties poller, Clock clock) {
        return new MicrometerPollerMetrics(meters, byId(poller.merchants()).keySet(), clock.instant());
    }

    /** Closed (as an AutoCloseable bean) after the lifecycle below has stopped every merchant. */
    @Bean
    KafkaRepollRequests repollRequests(KafkaClientConfig client, PollerTopics topics, OrderPollerProperties poller,
                                       PollerMetrics metrics) {
        return new KafkaRepollRequests(client, topics, byId(poller.merchants()).keySet(), metrics);
    }

    @Bean
    MerchantWorkers merchantWorkers(OrderPollerProperties poller, OrderSource source, KafkaOrderEvents events,
                                    KafkaRepollRequests repolls, MerchantHealth health, PollerMetrics metrics,
                                    Clock clock) {
        Map<MerchantId, OrderPollerProperties.Merchant> merchants = byId(poller.merchants());
        Function<MerchantId, MerchantPoller> pollers = id -> {
            OrderPollerProperties.Merchant m = merchants.get(id);
            return new MerchantPoller(id, m.states(), new PollWindows(m.overlap(), m.firstStartLookback()),
                    poller.batchSize(), source, events, metrics, clock, repolls);
        };
        Function<MerchantId, MerchantWorkers.Schedule> schedules = id -> {
            OrderPollerProperties.Merchant m = merchants.get(id);
            return new MerchantWorkers.Schedule(m.pollInterval(), m.statusSyncInterval(), m.unauthorizedRetry(),
                    poller.kaspi().statusSyncShare(), poller.kaspi().requestsPerSecond());
        };
        Backoff backoff = new Backoff(poller.backoff().initial(), poller.backoff().max(),
                () -> ThreadLocalRandom.current().nextDouble());
        return new MerchantWorkers(pollers, source, schedules, events::close, backoff, health, metrics, clock);
    }

    @Bean
    KafkaMerchantAssignment merchantAssignment(KafkaClientConfig client, PollerTopics topics,
                                               OrderPollerProperties poller, MerchantWorkers workers) {
        return new KafkaMerchantAssignment(client, topics, byId(poller.merchants()).keySet(), workers,
                poller.kafka().sessionTimeout());
    }

    /** Joins the group only once the context (and with it the topic declarations) is ready; leaves it first on shutdown. */
    @Bean
    SmartLifecycle pollingLifecycle(KafkaMerchantAssignment assignment, KafkaOrderEvents events) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                assignment.start();
                running = true;
            }

            @Override
            public void stop() {
                assignment.close();
                events.close();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }

    private static Map<MerchantId, OrderPollerProperties.Merchant> byId(List<OrderPollerProperties.Merchant> merchants) {
        Map<MerchantId, OrderPollerProperties.Merchant> byId = new LinkedHashMap<>();
        merchants.forEach(m -> byId.put(new MerchantId(m.id()), m));
        return byId;
    }
}
