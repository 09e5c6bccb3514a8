package kz.kaspibridge.sandbox;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import kz.kaspibridge.sandbox.calls.CallCounters;
import kz.kaspibridge.sandbox.admin.SandboxAdmin;
import kz.kaspibridge.sandbox.calls.CallCounters;
import kz.kaspibridge.sandbox.calls.InFlightLimit;
import kz.kaspibridge.sandbox.clock.SandboxClock;
import kz.kaspibridge.sandbox.clock.Timeline;
import kz.kaspibridge.sandbox.config.KaspiSandboxProperties;
import kz.kaspibridge.sandbox.delivery.DeliveryBook;
import kz.kaspibridge.sandbox.delivery.DeliveryLifecycle;
import kz.kaspibridge.sandbox.faults.FaultPlan;
import kz.kaspibridge.sandbox.orders.BulkSeed;
import kz.kaspibridge.sandbox.orders.OrderBook;
import kz.kaspibridge.sandbox.webhooks.WebhookSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builds the sandbox's plain-Java pieces from its properties. It sits beside the application, above
 * every feature package, so that none of them depends on the wiring (and no package cycle forms).
 */
@Configuration(proxyBeanMethods = false)
class SandboxConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SandboxConfiguration.class);

    /**
     * Its own event loops and connection pools instead of Reactor Netty's global ones. Tests start
     * the sandbox in the JVM of the service under test; a reactive app using the global resources
     * disposes them when it stops, which would otherwise take the sandbox's server down with it.
     */
    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }

    @Bean
    SandboxClock sandboxClock(KaspiSandboxProperties properties) {
        return new SandboxClock(Clock.systemUTC(), properties.clock().scale(), properties.clock().start());
    }

    @Bean(destroyMethod = "close")
    Timeline timeline(SandboxClock clock, KaspiSandboxProperties properties) {
        return new Timeline(clock, properties.clock().tick());
    }

    @Bean
    OrderBook orderBook(SandboxClock clock, KaspiSandboxProperties properties) {
        return new OrderBook(clock, properties.randomSeed());
    }

    @Bean
    DeliveryBook deliveryBook(SandboxClock clock, KaspiSandboxProperties properties) {
        return new DeliveryBook(clock, properties.delivery().stepInterval(), properties.randomSeed());
    }

    @Bean
    CallCounters callCounters() {
        return new CallCounters();
    }

    @Bean
    InFlightLimit inFlightLimit(KaspiSandboxProperties properties) {
        var concurrency = properties.concurrency();
        if (!concurrency.enabled()) {
            log.warn("sandbox concurrency rule off: a second request in flight per token is answered, not 429");
        }
        return new InFlightLimit(concurrency.maxInFlightPerToken(), concurrency.enabled());
    }

    @Bean
    FaultPlan faultPlan(KaspiSandboxProperties properties) {
        return new FaultPlan(properties.randomSeed());
    }

    @Bean
    WebhookSender webhookSender(SandboxClock clock, Timeline timeline, KaspiSandboxProperties properties,
                                MeterRegistry meters) {
        return new WebhookSender(WebClient.create(), clock, timeline, properties.webhook(), meters);
    }

    @Bean
    DeliveryLifecycle deliveryLifecycle(DeliveryBook book, Timeline timeline, WebhookSender webhooks) {
        return new DeliveryLifecycle(book, timeline, webhooks);
    }

    @Bean
    SandboxAdmin sandboxAdmin(KaspiSandboxProperties properties, OrderBook orders, DeliveryBook deliveries,
                              SandboxClock clock, Timeline timeline, CallCounters counters, InFlightLimit inFlight,
                              FaultPlan faults, WebhookSender webhooks) {
        return new SandboxAdmin(properties.merchantIds(), orders, deliveries, clock, timeline, counters, inFlight,
                faults, webhooks);
    }

    /** A standalone sandbox is more useful with a few days of orders already there. */
    @Bean
    ApplicationRunner seedAtStartup(KaspiSandboxProperties properties, SandboxAdmin admin) {
        return args -> {
            int perMerchant = properties.seedOrdersPerMerchant();
            if (perMerchant > 0) {
                Instant now = admin.now();
                int created = admin.seedOrders(new BulkSeed(null, perMerchant * admin.merchantIds().size(),
                        now.minus(Duration.ofDays(3)), now, null));
                log.info("sandbox seeded orders={} merchants={}", created, admin.merchantIds().size());
            }
        };
    }
}
