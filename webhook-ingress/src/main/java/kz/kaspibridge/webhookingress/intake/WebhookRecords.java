package kz.kaspibridge.webhookingress.intake;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Where verified webhooks are stored. The future completes only when every record is
 * acknowledged by all in-sync replicas, and the dedup marker is written only after the records it
 * vouches for, so a marker never hides an event that was not stored.
 */
public interface WebhookRecords {

    /** Stores the status report, the raw request and then the dedup marker. */
    CompletableFuture<Void> storeReport(MerchantEndpoint merchant, DeliveryWebhook webhook, SignedRequest request,
            Instant receivedAt);

    /** Stores the raw request of an unknown event type and then its dedup marker. */
    CompletableFuture<Void> storeArchiveOnly(MerchantEndpoint merchant, String eventId, SignedRequest request,
            Instant receivedAt);
}
