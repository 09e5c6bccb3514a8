package kz.kaspibridge.orderpoller.polling;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A durable log in memory: what was committed survives a "restart" (a new poller opening it), and
 * it can be told to refuse the next batch, or to commit it and still report a failure (a commit
 * whose acknowledgement was lost).
 */
public final class InMemoryOrderEvents implements OrderEvents {

    final List<Batch> committed = new ArrayList<>();
    private boolean refuseNext;
    private boolean loseNextAck;
    int opens;

    public void refuseNext() {
        refuseNext = true;
    }

    public void loseNextAcknowledgement() {
        loseNextAck = true;
    }

    public List<OrderCode> received() {
        return committed.stream().flatMap(b -> b.received().stream()).map(Order::code).toList();
    }

    public List<StatusChange> changes() {
        return committed.stream().flatMap(b -> b.changes().stream()).toList();
    }

    @Override
    public MerchantState open(MerchantId merchant) {
        opens++;
        MerchantState state = new MerchantState(Optional.empty());
        committed.forEach(state::apply);
        return state;
    }

    @Override
    public void publish(MerchantId merchant, Batch batch) {
        if (refuseNext) {
            refuseNext = false;
            throw new OrderEventsException("kafka is down", null);
        }
        committed.add(batch);
        if (loseNextAck) {
            loseNextAck = false;
            throw new OrderEventsException("commit timed out", null);
        }
    }

    @Override
    public void close(MerchantId merchant) {
    }
}
