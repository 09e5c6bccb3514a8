package kz.kaspibridge.sandbox.delivery;

import java.time.Instant;
import kz.kaspibridge.sandbox.clock.Timeline;
import kz.kaspibridge.sandbox.webhooks.DeliveryEvent;
import kz.kaspibridge.sandbox.webhooks.WebhookSender;

/**
 * Moves deliveries forward one step per interval of sandbox time and announces each step by
 * webhook. Each step is due one interval after the previous one was due (not after it ran), so
 * advancing the clock by a day delivers everything at once, in order.
 */
public final class DeliveryLifecycle {

    private final DeliveryBook book;
    private final Timeline timeline;
    private final WebhookSender webhooks;

    public DeliveryLifecycle(DeliveryBook book, Timeline timeline, WebhookSender webhooks) {
        this.book = book;
        this.timeline = timeline;
        this.webhooks = webhooks;
    }

    void booked(DeliverySnapshot delivery) {
        announce(delivery);
        scheduleStep(delivery.deliveryId(), delivery.createdAt().plus(book.stepInterval()));
    }

    void cancelled(DeliverySnapshot delivery) {
        announce(delivery);
    }

    private void scheduleStep(String deliveryId, Instant due) {
        timeline.at(due, () -> book.advance(deliveryId).ifPresent(next -> {
            announce(next);
            if (next.status() != DeliveryStatus.DELIVERED) {
                scheduleStep(deliveryId, due.plus(book.stepInterval()));
            }
        }));
    }

    private void announce(DeliverySnapshot delivery) {
        String status = delivery.status().wireName();
        webhooks.publish("delivery." + status,
                new DeliveryEvent(delivery.deliveryId(), delivery.externalOrderId(), status, delivery.updatedAt()));
    }
}
