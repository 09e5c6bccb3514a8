package kz.kaspibridge.orderpoller.polling;

import java.time.Instant;
import java.util.Objects;

/** An order's identity and where it stands now: all that status sync compares. */
public record OrderSnapshot(String id, OrderCode code, OrderStatus status, OrderState state, Instant creationDate) {

    public OrderSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(creationDate, "creationDate");
    }

    public boolean sameStanding(OrderSnapshot other) {
        return status == other.status && state == other.state;
    }
}
