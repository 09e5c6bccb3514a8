package kz.kaspibridge.orderpoller.polling;

import java.time.Instant;
import java.util.Optional;

/** What Kafka holds for one merchant: where the last acknowledged poll ended, and its open orders. */
public final class MerchantState {

    private Instant cursor;
    private Instant lastRepoll;
    private final OpenOrders openOrders = new OpenOrders();

    public MerchantState(Optional<Instant> cursor) {
        this(cursor, Optional.empty());
    }

    /** @param lastRepoll {@code requestedAt} of the re-poll request applied last, stored with the cursor */
    public MerchantState(Optional<Instant> cursor, Optional<Instant> lastRepoll) {
        this.cursor = cursor.orElse(null);
        this.lastRepoll = lastRepoll.orElse(null);
    }

    public Optional<Instant> lastRepoll() {
        return Optional.ofNullable(lastRepoll);
    }

    public Optional<Instant> cursor() {
        return Optional.ofNullable(cursor);
    }

    public OpenOrders openOrders() {
        return openOrders;
    }

    /** Mirrors a batch Kafka acknowledged. */
    public void apply(OrderEvents.Batch batch) {
        batch.received().forEach(order -> openOrders.track(order.snapshot()));
        batch.changes().forEach(openOrders::apply);
        batch.cursor().ifPresent(c -> cursor = c);
        batch.lastRepoll().ifPresent(r -> lastRepoll = r);
    }
}
