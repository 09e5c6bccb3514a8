package kz.kaspibridge.deliverygateway.kaspi;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import kz.kaspibridge.kaspiclient.KaspiApiException;
import kz.kaspibridge.kaspiclient.delivery.Delivery;
import kz.kaspibridge.kaspiclient.delivery.DeliveryId;
import kz.kaspibridge.kaspiclient.delivery.DeliveryRequest;
import kz.kaspibridge.kaspiclient.delivery.DeliveryStatus;
import kz.kaspibridge.kaspiclient.delivery.KaspiDeliveryClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one recorded Delivery API call and says what Kaspi answered. Business answers are outcomes: a refused
 * booking (4xx) is {@code BOOK_FAILED} with the API's message, a refused cancel {@code CANCEL_REJECTED}. Anything
 * transient (5xx, timeouts, dropped connections, 429 after the client's own retries) is thrown, and the listener
 * tries again with backoff; every call is safe to repeat, since a booking repeats with the same
 * {@code Idempotency-Key} and Kaspi answers with the delivery it created the first time.
 */
public final class DeliveryCalls {

    private static final Logger log = LoggerFactory.getLogger(DeliveryCalls.class);

    private final Map<String, KaspiDeliveryClient> clients;
    private final Clock clock;
    private final Duration callTimeout;

    /**
     * @param clients     one client per merchant id (each with the merchant's API key)
     * @param callTimeout how long one call may take, its client-side retries included
     */
    public DeliveryCalls(Map<String, KaspiDeliveryClient> clients, Clock clock, Duration callTimeout) {
        this.clients = Map.copyOf(clients);
        this.clock = clock;
        this.callTimeout = callTimeout;
    }

    /** Empty when there is nothing to record (a reconciliation read of a delivery Kaspi no longer has). */
    public Optional<Outcome> carryOut(Intent intent) {
        KaspiDeliveryClient client = clients.get(intent.merchantId());
        if (client == null) {
            throw new IllegalArgumentException("no Delivery API key configured for merchant " + intent.merchantId());
        }
        switch (intent.type()) {
            case Intent.BOOK:
                return Optional.of(book(client, intent));
            case Intent.CANCEL:
                return Optional.of(cancel(client, intent));
            case Intent.RECONCILE:
                return read(client, intent);
            default:
                throw new IllegalArgumentException("unknown intent type " + intent.type());
        }
    }

    /**
     * The outcome to record when a booking cannot be made: the retry budget is spent, or it cannot be carried out
     * at all (no API key for its merchant).
     */
    public Outcome gaveUp(Intent intent, Throwable failure) {
        Integer status = failure instanceof KaspiApiException k && k.status() > 0 ? k.status() : null;
        String reason = failure instanceof IllegalArgumentException ? failure.getMessage()
                : "no answer from the Delivery API after retries: " + failure.getMessage();
        return new Outcome(Outcome.BOOK_FAILED, intent.orderCode(), intent.commandId(), null, null, null, null, null,
                null, reason, status, clock.instant());
    }

    private Outcome book(KaspiDeliveryClient client, Intent intent) {
        if (intent.booking() == null) {
            throw new IllegalArgumentException("a BOOK intent without its booking");
        }
        try {
            // The order code is the Idempotency-Key: however often this is retried, Kaspi creates one delivery.
            Delivery delivery = client.book(intent.orderCode(), request(intent)).block(callTimeout);
            return new Outcome(Outcome.BOOKED, intent.orderCode(), intent.commandId(), delivery.deliveryId().value(),
                    delivery.status().name(), delivery.trackingUrl(), delivery.pickupBy(), delivery.deliveryBy(),
                    delivery.updatedAt(), null, null, clock.instant());
        } catch (KaspiApiException.Rejected refused) {
            return new Outcome(Outcome.BOOK_FAILED, intent.orderCode(), intent.commandId(), null, null, null, null,
                    null, null, message(refused), refused.status(), clock.instant());
        }
    }

    private Outcome cancel(KaspiDeliveryClient client, Intent intent) {
        DeliveryId id = new DeliveryId(intent.deliveryId());
        try {
            Delivery delivery = client.cancel(id, intent.orderCode() + "-cancel", intent.reason()).block(callTimeout);
            return new Outcome(Outcome.CANCELLED, intent.orderCode(), intent.commandId(), id.value(),
                    delivery.status().name(), null, null, null, delivery.updatedAt(), null, null, clock.instant());
        } catch (KaspiApiException.Rejected refused) {
            // 409: picked up already, or (for an API that answers so) cancelled already, which is a success.
            Delivery now = client.get(id).block(callTimeout);
            if (now.status() == DeliveryStatus.CANCELLED) {
                return new Outcome(Outcome.CANCELLED, intent.orderCode(), intent.commandId(), id.value(),
                        now.status().name(), null, null, null, now.updatedAt(), null, null, clock.instant());
            }
            return new Outcome(Outcome.CANCEL_REJECTED, intent.orderCode(), intent.commandId(), id.value(),
                    now.status().name(), null, null, null, now.updatedAt(), message(refused), refused.status(),
                    clock.instant());
        } catch (KaspiApiException.NotFound missing) {
            return new Outcome(Outcome.CANCEL_REJECTED, intent.orderCode(), intent.commandId(), id.value(), null,
                    null, null, null, null, "delivery " + id.value() + " not found", 404, clock.instant());
        }
    }

    private Optional<Outcome> read(KaspiDeliveryClient client, Intent intent) {
        try {
            Delivery delivery = client.get(new DeliveryId(intent.deliveryId())).block(callTimeout);
            if (delivery.externalOrderId() != null && !delivery.externalOrderId().equals(intent.orderCode())) {
                // Not this order's delivery (an id reused by a test stand-in): its status says nothing about ours.
                log.warn("reconciliation read found the delivery under another order orderCode={} deliveryId={}"
                        + " externalOrderId={}", intent.orderCode(), intent.deliveryId(), delivery.externalOrderId());
                return Optional.empty();
            }
            return Optional.of(new Outcome(Outcome.OBSERVED, intent.orderCode(), null, intent.deliveryId(),
                    delivery.status().name(), null, null, null, delivery.updatedAt(), null, null, clock.instant()));
        } catch (KaspiApiException.NotFound missing) {
            log.warn("reconciliation read found no such delivery orderCode={} deliveryId={}", intent.orderCode(),
                    intent.deliveryId());
            return Optional.empty();
        }
    }

    private static String message(KaspiApiException.Rejected refused) {
        return refused.title().isEmpty() ? refused.getMessage() : refused.title();
    }

    private static DeliveryRequest request(Intent intent) {
        Intent.Booking b = intent.booking();
        return new DeliveryRequest(intent.orderCode(), place(b.pickup()), place(b.dropoff()),
                b.parcel() == null ? null : new DeliveryRequest.Parcel(b.parcel().description(),
                        b.parcel().weightGrams(), b.parcel().valueKzt()));
    }

    private static DeliveryRequest.Place place(Intent.Stop stop) {
        return new DeliveryRequest.Place(stop.address(),
                new DeliveryRequest.Contact(stop.contactName(), stop.contactPhone()), stop.notes());
    }
}
