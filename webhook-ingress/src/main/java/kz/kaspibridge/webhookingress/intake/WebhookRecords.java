package kz.kaspibridge.webhookingress.intake;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Where verified webhooks are stored. The future completes only when every record is
 * acknowledged by all in-sync replicas. The stored records are what {@link SeenEvents} learns
 * from, so once the future completes the webhook's dedup is as durable as the webhook.
 */
public interface WebhookRecords {

    /** Stores the status report and the raw request. */
    CompletableFuture<Void> storeReport(MerchantEndpoint merchant, DeliveryWebhook webhook, SignedRequest request,
            Instant receivedAt);

    /** Stores the raw request of an unknown event type. */
    CompletableFuture<Void> storeArchiveOnly(MerchantEndpoint merchant, String eventId, SignedRequest request,
            Instant receivedAt);
}
