package kz.kaspibridge.kaspiclient.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import kz.kaspibridge.kaspiclient.RateLimitSettings;
import reactor.core.publisher.Mono;

/**
 * A generic cell rate limiter per key (per token): calls wait, never fail, until their slot. Up
 * to {@code burst} calls pass back to back; after that one every 1/rate seconds. Internal API.
 */
public final class PerKeyRateLimiter {

    private final long intervalNanos;
    private final long burstNanos;
    private final LongSupplier nanoTime;
    private final Map<String, AtomicLong> theoreticalArrival = new ConcurrentHashMap<>();

    public PerKeyRateLimiter(RateLimitSettings settings, LongSupplier nanoTime) {
        this.intervalNanos = (long) (1_000_000_000L / settings.requestsPerSecond());
        this.burstNanos = intervalNanos * (settings.burst() - 1);
        this.nanoTime = nanoTime;
    }

    public PerKeyRateLimiter(RateLimitSettings settings) {
        this(settings, System::nanoTime);
    }

    /** Takes the next slot for the key and says how long to wait for it. */
    public Duration reserve(String key) {
        AtomicLong tat = theoreticalArrival.computeIfAbsent(key, k -> new AtomicLong(Long.MIN_VALUE));
        while (true) {
            long now = nanoTime.getAsLong();
            long current = tat.get();
            long start = current == Long.MIN_VALUE ? now : Math.max(current, now);
            if (tat.compareAndSet(current, start + intervalNanos)) {
                return Duration.ofNanos(Math.max(0, start - now - burstNanos));
            }
        }
    }

    public Mono<Void> acquire(String key) {
        return Mono.defer(() -> {
            Duration wait = reserve(key);
            return wait.isZero() ? Mono.empty() : Mono.delay(wait).then();
        });
    }
}
