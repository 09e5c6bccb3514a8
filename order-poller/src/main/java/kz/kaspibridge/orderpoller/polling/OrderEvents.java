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
     * @param cursor   the end of the poll these orders complete, if this batch completes one; or an earlier time
     *                   an operator asked to re-poll from
     * @param lastRepoll {@code requestedAt} of the re-poll request applied last, written with the cursor (every
     *                   cursor write carries it on, or a restart would apply that request again)
     */
    record Batch(List<Order> received, List<StatusChange> changes, Optional<Instant> cursor,
                 Optional<Instant> lastRepoll) {
        public Batch {
            received = List.copyOf(received);
            changes = List.copyOf(changes);
            if (lastRepoll.isPresent() && cursor.isEmpty()) {
                throw new IllegalArgumentException("the last re-poll is stored with the cursor");
            }
        }

        public Batch(List<Order> received, List<StatusChange> changes, Optional<Instant> cursor) {
            this(received, changes, cursor, Optional.empty());
        }

        public boolean isEmpty() {
            return received.isEmpty() && changes.isEmpty() && cursor.isEmpty();
        }
    }
}
