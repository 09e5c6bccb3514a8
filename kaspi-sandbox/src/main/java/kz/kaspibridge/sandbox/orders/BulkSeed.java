package kz.kaspibridge.sandbox.orders;

import java.time.Instant;

/**
 * Many orders at once, spread evenly over {@code [from, to]}. A null merchant spreads them over
 * every configured merchant; a null status makes them all new (APPROVED_BY_BANK).
 */
public record BulkSeed(String merchantId, int count, Instant from, Instant to, OrderStatus status) {

    public BulkSeed {
        if (count < 0 || count > 1_000_000) {
            throw new IllegalArgumentException("count must be within 0..1000000");
        }
        if (from == null || to == null || to.isBefore(from)) {
            throw new IllegalArgumentException("from and to are required, from <= to");
        }
    }
}
