package kz.kaspibridge.ordercommand.kaspi;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import kz.kaspibridge.kaspiclient.KaspiApiException;
import kz.kaspibridge.ordercommand.effects.EffectBatch;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import tools.jackson.core.JacksonException;

/**
 * Decides what a failed intent becomes, the way the record listener's {@code DefaultErrorHandler} did: a
 * non-retryable failure (an unreadable intent, an unknown merchant: {@code IllegalArgumentException},
 * {@code JacksonException}, anywhere in the cause chain above a Kaspi error) is dead at once; any other is retried after the back-off's
 * next interval, counted per intent (partition and offset), until the back-off is spent, and is then dead.
 * Thread-safe: chains of different partitions fail concurrently.
 */
public final class EffectRetries {

    private static final List<Class<? extends Throwable>> NOT_RETRYABLE = List.of(IllegalArgumentException.class,
            JacksonException.class, ClassCastException.class);

    private record Position(int partition, long offset) {
    }

    private final BackOff backOff;
    private final Map<Position, BackOffExecution> attempts = new ConcurrentHashMap<>();

    public EffectRetries(BackOff backOff) {
        this.backOff = backOff;
    }

    public <R> EffectBatch.Outcome<R> failed(int partition, long offset, Exception error) {
        if (!retryable(error)) {
            attempts.remove(new Position(partition, offset));
            return new EffectBatch.Dead<>(error);
        }
        long next = attempts.computeIfAbsent(new Position(partition, offset), p -> backOff.start()).nextBackOff();
        if (next == BackOffExecution.STOP) {
            // Kept until committed: if the dead letter cannot be sent, the redelivery is dead again at once.
            return new EffectBatch.Dead<>(error);
        }
        return new EffectBatch.Failed<>(error, next);
    }

    /** Intents before {@code committed} are done with. */
    public void committed(int partition, long committed) {
        attempts.keySet().removeIf(p -> p.partition() == partition && p.offset() < committed);
    }

    /** The partition went to another consumer (or was lost): its count starts again wherever it is read next. */
    public void forget(int partition) {
        attempts.keySet().removeIf(p -> p.partition() == partition);
    }

    static boolean retryable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KaspiApiException) {
                // Kaspi's answer, typed by the client: its cause (a malformed body's JacksonException) says nothing
                // about the intent, so it is retried like a 5xx; the back-off still ends a failure that lasts.
                return true;
            }
            for (Class<? extends Throwable> type : NOT_RETRYABLE) {
                if (type.isInstance(t)) {
                    return false;
                }
            }
        }
        return true;
    }
}
