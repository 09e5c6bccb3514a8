package kz.kaspibridge.webhookingress.intake;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per source (the peer address): {@code permitsPerSecond} sustained, {@code burst}
 * at once. The number of tracked sources is bounded, so a spray of addresses cannot exhaust memory:
 * when full, idle (refilled) buckets are dropped first, and if none are idle the map is cleared,
 * which only ever errs towards letting requests through.
 */
public final class SourceRateLimiter {

    private final double permitsPerNano;
    private final double burst;
    private final int maxSources;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public SourceRateLimiter(double permitsPerSecond, int burst, int maxSources, LongSupplier nanoTime) {
        if (permitsPerSecond <= 0 || burst < 1 || maxSources < 1) {
            throw new IllegalArgumentException("rate limit settings must be positive");
        }
        this.permitsPerNano = permitsPerSecond / 1_000_000_000d;
        this.burst = burst;
        this.maxSources = maxSources;
        this.nanoTime = nanoTime;
    }

    public boolean tryAcquire(String source) {
        if (buckets.size() >= maxSources && !buckets.containsKey(source)) {
            evictIdle();
        }
        return buckets.computeIfAbsent(source, s -> new Bucket(burst, nanoTime.getAsLong())).tryTake(this);
    }

    private void evictIdle() {
        long now = nanoTime.getAsLong();
        buckets.values().removeIf(bucket -> bucket.isFull(this, now));
        if (buckets.size() >= maxSources) {
            buckets.clear();
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updatedAt;

        Bucket(double tokens, long updatedAt) {
            this.tokens = tokens;
            this.updatedAt = updatedAt;
        }

        synchronized boolean tryTake(SourceRateLimiter limits) {
            refill(limits, limits.nanoTime.getAsLong());
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        synchronized boolean isFull(SourceRateLimiter limits, long now) {
            refill(limits, now);
            return tokens >= limits.burst;
        }

        private void refill(SourceRateLimiter limits, long now) {
            if (now > updatedAt) {
                tokens = Math.min(limits.burst, tokens + (now - updatedAt) * limits.permitsPerNano);
                updatedAt = now;
            }
        }
    }
}
