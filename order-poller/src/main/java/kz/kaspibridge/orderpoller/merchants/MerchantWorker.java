package kz.kaspibridge.orderpoller.merchants;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import kz.kaspibridge.orderpoller.polling.MerchantId;
import kz.kaspibridge.orderpoller.polling.MerchantPoller;
import kz.kaspibridge.orderpoller.polling.OrderEventsException;
import kz.kaspibridge.orderpoller.polling.OrderSourceException;
import kz.kaspibridge.orderpoller.polling.PollerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one merchant's poll cycles on its own thread, so a slow or failing merchant never delays
 * another. After a failure it backs off (per merchant); a revoked token backs off longer.
 */
final class MerchantWorker {

    private static final Logger log = LoggerFactory.getLogger(MerchantWorker.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final MerchantPoller poller;
    private final MerchantWorkers.Schedule schedule;
    private final Backoff backoff;
    private final MerchantHealth health;
    private final PollerMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private Instant nextSync = Instant.MIN;
    private int failures;
    private boolean unauthorized;

    MerchantWorker(MerchantPoller poller, MerchantWorkers.Schedule schedule, Backoff backoff, MerchantHealth health,
                   PollerMetrics metrics, Clock clock) {
        this.poller = poller;
        this.schedule = schedule;
        this.backoff = backoff;
        this.health = health;
        this.metrics = metrics;
        this.clock = clock;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "poller-" + poller.merchant());
            t.setDaemon(true);
            return t;
        });
        // On stop, the cycle in progress finishes (its transaction commits or aborts); the next one never starts.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = executor;
    }

    MerchantId merchant() {
        return poller.merchant();
    }

    void start() {
        health.starting(merchant(), clock.instant());
        thread.execute(this::cycle);
    }

    /** Lets a running cycle finish (its batch commits or aborts), and starts no other. */
    void requestStop() {
        thread.shutdown();
    }

    /** Waits for {@link #requestStop}; a cycle still running after the wait is interrupted. */
    void awaitStopped() {
        try {
            if (!thread.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                // Safe even mid-transaction: an unfinished transaction is aborted by the next owner.
                log.warn("merchant poller did not stop in time, interrupting merchantId={}", merchant());
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        health.released(merchant());
    }

    private void cycle() {
        Duration next;
        try {
            poller.pollNewOrders();
            Instant now = clock.instant();
            if (!now.isBefore(nextSync)) {
                poller.syncStatuses();
                nextSync = now.plus(schedule.statusSyncInterval());
            }
            failures = 0;
            if (unauthorized) {
                log.info("kaspi accepts the token again merchantId={}", merchant());
                unauthorized = false;
            }
            health.succeeded(merchant(), clock.instant());
            next = schedule.pollInterval();
        } catch (OrderSourceException e) {
            next = kaspiFailed(e);
        } catch (OrderEventsException e) {
            failures++;
            health.failed(merchant(), MerchantHealth.Condition.FAILING, "kafka", clock.instant());
            log.warn("kafka did not acknowledge, state will be re-read merchantId={} failures={} error={}",
                    merchant(), failures, e.getMessage());
            next = backoff.after(failures);
        } catch (RuntimeException e) {
            failures++;
            poller.reset();
            health.failed(merchant(), MerchantHealth.Condition.FAILING, "unexpected", clock.instant());
            log.error("merchant poll failed merchantId={} failures={}", merchant(), failures, e);
            next = backoff.after(failures);
        }
        reschedule(next);
    }

    private Duration kaspiFailed(OrderSourceException e) {
        failures++;
        metrics.kaspiFailed(merchant(), e.failure());
        if (e.failure() == OrderSourceException.Failure.UNAUTHORIZED) {
            health.failed(merchant(), MerchantHealth.Condition.UNAUTHORIZED, "unauthorized", clock.instant());
            if (!unauthorized) {
                // One ERROR when it starts, for a human to act on; retries stay quiet at WARN.
                log.error("kaspi rejected the token, replace it merchantId={} retryEvery={}", merchant(),
                        schedule.unauthorizedRetry());
            } else {
                log.warn("kaspi still rejects the token merchantId={} failures={}", merchant(), failures);
            }
            unauthorized = true;
            return schedule.unauthorizedRetry();
        }
        health.failed(merchant(), MerchantHealth.Condition.FAILING, e.failure().tag(), clock.instant());
        Duration wait = backoff.after(failures);
        log.warn("kaspi poll failed merchantId={} type={} failures={} retryIn={} error={}", merchant(),
                e.failure().tag(), failures, wait, rootCause(e));
        return wait;
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private void reschedule(Duration delay) {
        if (!thread.isShutdown()) {
            try {
                thread.schedule(this::cycle, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // Stopped while this cycle ran: nothing to schedule.
            }
        }
    }
}
