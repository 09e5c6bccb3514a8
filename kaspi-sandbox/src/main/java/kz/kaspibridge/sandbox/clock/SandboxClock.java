package kz.kaspibridge.sandbox.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox's notion of time: real time since start, multiplied by a scale, plus whatever an
 * operator or a test has advanced it by. A scale of 3600 turns an hour of Kaspi behaviour (delivery
 * steps, a 24 h webhook retry span) into a second of wall time.
 */
public final class SandboxClock extends Clock {

    private final Clock real;
    private final double scale;
    private final Instant origin;
    private final Instant realOrigin;
    private final AtomicLong advancedMillis = new AtomicLong();

    public SandboxClock(Clock real, double scale, Instant origin) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("clock scale must be positive");
        }
        this.real = real;
        this.scale = scale;
        this.realOrigin = real.instant();
        this.origin = origin == null ? realOrigin : origin;
    }

    public double scale() {
        return scale;
    }

    /** Jumps forward; time never goes backwards, so a negative duration is refused. */
    public Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the sandbox clock only moves forward");
        }
        advancedMillis.addAndGet(by.toMillis());
        return instant();
    }

    /** How long a sandbox-time duration takes in wall time. */
    public Duration toReal(Duration sandboxDuration) {
        return Duration.ofMillis((long) Math.ceil(sandboxDuration.toMillis() / scale));
    }

    @Override
    public Instant instant() {
        long realElapsed = Duration.between(realOrigin, real.instant()).toMillis();
        return origin.plusMillis((long) (realElapsed * scale) + advancedMillis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the sandbox clock is always UTC");
    }
}
