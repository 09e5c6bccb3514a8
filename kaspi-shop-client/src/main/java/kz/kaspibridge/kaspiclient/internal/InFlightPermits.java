package kz.kaspibridge.kaspiclient.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.SignalType;

/**
 * How many requests one credential may have in flight, shared by every client in the JVM: the
 * poller's listings, its status sync and the order commands all draw on the same permits when they
 * use the same token, even through separately built clients. A request over the limit waits in
 * line (first come, first served) and is never sent early. A permit is returned however the work
 * ends (value, error, cancellation, a timeout upstream), and a caller that gives up while waiting
 * leaves the line without taking a permit. Work that ended without an answer may be held a moment
 * longer (see {@link #withPermit(Mono, Duration, Predicate)}). Internal API.
 */
public final class InFlightPermits {

    private static final Logger log = LoggerFactory.getLogger(InFlightPermits.class);

    // Keyed by a hash of the credential (see KaspiHttp#credentialKey), never by the token itself.
    private static final Map<String, InFlightPermits> JVM_WIDE = new ConcurrentHashMap<>();

    private enum State { NEW, WAITING, GRANTED, DONE }

    private static final class Waiter {
        private State state = State.NEW;
        private MonoSink<Void> sink;
    }

    private final ArrayDeque<Waiter> line = new ArrayDeque<>();
    private int limit;
    private int inUse;

    InFlightPermits(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        this.limit = limit;
    }

    /**
     * The permits of one credential in this JVM. When clients ask for different limits for the
     * same credential, the strictest one holds for all of them.
     */
    public static InFlightPermits of(String credentialKey, int limit) {
        InFlightPermits permits = JVM_WIDE.computeIfAbsent(credentialKey, key -> new InFlightPermits(limit));
        permits.lowerTo(limit);
        return permits;
    }

    /** Runs {@code work} (subscribed once per subscription to the result) while holding a permit. */
    public <T> Mono<T> withPermit(Mono<T> work) {
        return withPermit(work, Duration.ZERO, failure -> false);
    }

    /**
     * Like {@link #withPermit(Mono)}, but when the work was cancelled while it held the permit, or
     * failed in a way {@code unanswered} recognises, the permit comes back only after {@code hold}:
     * the other side may still be busy with what was sent.
     */
    public <T> Mono<T> withPermit(Mono<T> work, Duration hold, Predicate<Throwable> unanswered) {
        return Mono.defer(() -> {
            Waiter waiter = new Waiter();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            return Mono.<Void>create(sink -> join(waiter, sink))
                    .then(work)
                    .doOnError(failure::set)
                    .doFinally(signal -> {
                        boolean noAnswer = signal == SignalType.CANCEL
                                || (signal == SignalType.ON_ERROR && unanswered.test(failure.get()));
                        if (noAnswer && !hold.isZero() && holds(waiter)) {
                            leaveLater(waiter, hold);
                        } else {
                            leave(waiter);
                        }
                    });
        });
    }

    public synchronized int inUse() {
        return inUse;
    }

    public synchronized int waiting() {
        return line.size();
    }

    public synchronized int limit() {
        return limit;
    }

    private void join(Waiter waiter, MonoSink<Void> sink) {
        boolean granted;
        synchronized (this) {
            if (waiter.state != State.NEW) {
                return; // cancelled before it even joined
            }
            waiter.sink = sink;
            granted = inUse < limit && line.isEmpty();
            if (granted) {
                waiter.state = State.GRANTED;
                inUse++;
            } else {
                waiter.state = State.WAITING;
                line.add(waiter);
            }
        }
        if (granted) {
            sink.success();
        }
    }

    private synchronized boolean holds(Waiter waiter) {
        return waiter.state == State.GRANTED;
    }

    private void leaveLater(Waiter waiter, Duration hold) {
        Mono.delay(hold).subscribe(tick -> leave(waiter), failure -> {
            log.warn("in-flight permit released early, its delay failed", failure);
            leave(waiter);
        });
    }

    /** Ends a waiter however it ended: gives its permit back, or takes it out of the line. */
    private void leave(Waiter waiter) {
        ArrayDeque<MonoSink<Void>> next = new ArrayDeque<>();
        synchronized (this) {
            State was = waiter.state;
            waiter.state = State.DONE;
            if (was == State.WAITING) {
                line.remove(waiter);
                return;
            }
            if (was != State.GRANTED) {
                return;
            }
            inUse--;
            while (inUse < limit && !line.isEmpty()) {
                Waiter first = line.poll();
                first.state = State.GRANTED;
                inUse++;
                next.add(first.sink);
            }
        }
        // Outside the lock: the next request starts on this thread.
        next.forEach(MonoSink::success);
    }

    private synchronized void lowerTo(int requested) {
        if (requested < limit) {
            limit = requested;
        }
    }
}
