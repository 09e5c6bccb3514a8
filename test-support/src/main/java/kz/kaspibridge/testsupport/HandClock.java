package kz.kaspibridge.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock that stands still until the test moves it: {@link #set(Instant)} to a given instant, or
 * {@link #advance(Duration)} from where it is. Hand it to the code under test wherever that takes a {@link Clock}
 * (a topology's settings clock, a scaled sandbox clock's wall clock).
 *
 * <p>Thread-safe: the code under test may read it from its own threads (a Streams punctuator, a scheduler) while the
 * test moves it.
 */
public final class HandClock extends Clock {

    private final AtomicReference<Instant> now;

    public HandClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    /** Moves the clock to {@code instant}, backwards too. */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    /** Moves the clock on by {@code step} (a negative step moves it back) and returns the new time. */
    public Instant advance(Duration step) {
        Objects.requireNonNull(step, "step");
        return now.updateAndGet(current -> current.plus(step));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** Always UTC: the tests compare instants, and one clock is moved by one hand. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
