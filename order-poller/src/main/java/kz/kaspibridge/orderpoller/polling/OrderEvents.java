package kz.kaspibridge.orderpoller.polling;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable side of the poller: the order events and the state they imply (the cursor and the
 * open, already-emitted orders), written together so they can never disagree.
 */
public interface OrderEvents {

    /**
     * Claims the merchant's log for this instance, so any earlier writer of it (a crashed or
     * partitioned instance) can no longer write, and reads its durable state back.
     */
    MerchantState open(MerchantId merchant);

    /**
     * Writes every event of the batch and the state it implies atomically. Throws
     * {@link OrderEventsException} when Kafka did not acknowledge it: the caller then knows nothing
     * about what became visible and must {@link #open} again before going on.
     */
    void publish(MerchantId merchant, Batch batch);

    /** Releases the merchant, for example when another instance takes it over. */
    void close(MerchantId merchant);

    /**
     * @param received orders to emit as OrderReceived and to start tracking
     * @param changes  status changes to emit as OrderStatusChanged
     * @param cursor   the end of the poll these orders complete, if this batch completes one
     */
    record Batch(List<Order> received, List<StatusChange> changes, Optional<Instant> cursor) {
        public Batch {
            received = List.copyOf(received);
            changes = List.copyOf(changes);
        }

        public boolean isEmpty() {
            return received.isEmpty() && changes.isEmpty() && cursor.isEmpty();
        }
    }
}
