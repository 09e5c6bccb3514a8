package kz.kaspibridge.sandbox.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work due at a sandbox instant (a delivery step, a webhook retry, a waybill). A JVM scheduler
 * cannot be used directly: sandbox time is scaled and can jump, so one thread checks the queue
 * against the sandbox clock every tick and runs what is due, in due order.
 */
public final class Timeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Timeline.class);

    private record Task(Instant due, long sequence, Runnable action) implements Comparable<Task> {
        @Override
        public int compareTo(Task other) {
            int byDue = due.compareTo(other.due);
            return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
        }
    }

    private final SandboxClock clock;
    private final PriorityBlockingQueue<Task> tasks = new PriorityBlockingQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private final ScheduledExecutorService ticker;

    public Timeline(SandboxClock clock, Duration tick) {
        this.clock = clock;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kaspi-sandbox-timeline");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::runDue, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void at(Instant due, Runnable action) {
        tasks.add(new Task(due, sequence.incrementAndGet(), action));
    }

    public void after(Duration sandboxDelay, Runnable action) {
        at(clock.instant().plus(sandboxDelay), action);
    }

    /** Runs what is due now on the timeline thread, e.g. right after the clock was advanced. */
    public void nudge() {
        ticker.execute(this::runDue);
    }

    public int pending() {
        return tasks.size();
    }

    public void clear() {
        tasks.clear();
    }

    private void runDue() {
        Instant now = clock.instant();
        Task head;
        while ((head = tasks.peek()) != null && !head.due().isAfter(now)) {
            Task task = tasks.poll();
            if (task == null) {
                return;
            }
            try {
                task.action().run();
            } catch (RuntimeException e) {
                log.error("sandbox timeline task failed", e);
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
