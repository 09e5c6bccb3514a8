package kz.kaspibridge.webhookingress.http;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import kz.kaspibridge.webhookingress.config.WebhookIngressProperties;
import kz.kaspibridge.webhookingress.dedup.KafkaSeenEvents;
import kz.kaspibridge.webhookingress.intake.MerchantEndpoint;
import kz.kaspibridge.webhookingress.intake.WebhookIntake;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** One POST route per configured merchant path, plus the dedup store's readiness. */
@Configuration(proxyBeanMethods = false)
class WebhookRoutes {

    @Bean(destroyMethod = "dispose")
    Scheduler webhookIntakeScheduler() {
        // HMAC, parsing and the producer's (rarely) blocking send run here, never on the event loop.
        return Schedulers.newBoundedElastic(Math.max(8, 4 * Runtime.getRuntime().availableProcessors()), 10_000,
                "webhook-intake");
    }

    @Bean
    RouterFunction<ServerResponse> deliveryWebhookRoutes(List<MerchantEndpoint> merchants, WebhookIntake intake,
            MeterRegistry registry, Scheduler webhookIntakeScheduler, WebhookIngressProperties properties) {
        DeliveryWebhookHandler handler = new DeliveryWebhookHandler(intake, new WebhookMetrics(registry,
                        merchants.stream().map(MerchantEndpoint::merchantId).toList()),
                webhookIntakeScheduler, properties.maxBodySize().toBytes(),
                properties.produceTimeout().plusMillis(250));
        RouterFunctions.Builder routes = RouterFunctions.route();
        for (MerchantEndpoint merchant : merchants) {
            routes.POST(merchant.path(), request -> handler.handle(merchant, request));
        }
        return routes.build();
    }

    @Bean
    HealthIndicator dedupStore(KafkaSeenEvents seenEvents, MeterRegistry registry) {
        registry.gauge("kaspi.webhook.dedup.keys", seenEvents, KafkaSeenEvents::size);
        return () -> seenEvents.isReady()
                ? Health.up().withDetail("keys", seenEvents.size()).build()
                : Health.outOfService().withDetail("reason", "loading the report and archive topics").build();
    }
}
