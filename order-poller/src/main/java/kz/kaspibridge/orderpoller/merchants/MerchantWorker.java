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
import kz.kaspibridge.orderpoller.polling.OrderSource;
import kz.kaspibridge.orderpoller.polling.OrderSourceException;
import kz.kaspibridge.orderpoller.polling.PollerMetrics;
import kz.kaspibridge.orderpoller.statussync.StatusSync;
import kz.kaspibridge.orderpoller.statussync.SyncBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one merchant's polls and status sync on its own thread, so a slow or failing merchant never
 * delays another, and within the merchant a due poll always goes before sync. After a failure it
 * backs off (per merchant); a revoked token backs off longer.
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
    private final OrderSource source;
    private final SyncBudget budget;
    private Instant nextPoll = Instant.MIN;
    private Instant nextSync = Instant.MIN;
    private StatusSync sync;
    private boolean lastWasPoll;
    private int failures;
    private boolean unauthorized;

    MerchantWorker(MerchantPoller poller, OrderSource source, MerchantWorkers.Schedule schedule, Backoff backoff,
                   MerchantHealth health, PollerMetrics metrics, Clock clock) {
        this.poller = poller;
        this.source = source;
        this.budget = SyncBudget.shareOf(schedule.syncShare(), schedule.requestsPerSecond());
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

    /**
     * One unit of work, then the next is scheduled: a due poll, or else one status-sync call when
     * the sync budget allows. Polls and sync share this thread, so this merchant never has two
     * calls in flight, and a sync cycle of any size delays a due poll by at most one sync call.
     */
    private void cycle() {
        Duration next;
        try {
            Instant now = clock.instant();
            boolean syncReady = (sync != null || !now.isBefore(nextSync)) && budget.waitBefore(now).isZero();
            // A poll that outlasts its interval is due again at once; one sync call (within budget)
            // goes between two such polls, or sync would starve while the poll waits no longer than
            // it does behind any sync call.
            if (!now.isBefore(nextPoll) && !(lastWasPoll && syncReady)) {
                poll(now);
                lastWasPoll = true;
            } else if (syncReady) {
                syncStep(now);
                lastWasPoll = false;
            }
            failures = 0;
            next = untilNextWork();
        } catch (OrderSourceException e) {
            sync = null;
            next = delayAll(kaspiFailed(e));
        } catch (OrderEventsException e) {
            sync = null;
            failures++;
            health.failed(merchant(), MerchantHealth.Condition.FAILING, "kafka", clock.instant());
            log.warn("kafka did not acknowledge, state will be re-read merchantId={} failures={} error={}",
                    merchant(), failures, e.getMessage());
            next = delayAll(backoff.after(failures));
        } catch (RuntimeException e) {
            sync = null;
            failures++;
            poller.reset();
            health.failed(merchant(), MerchantHealth.Condition.FAILING, "unexpected", clock.instant());
            log.error("merchant poll failed merchantId={} failures={}", merchant(), failures, e);
            next = delayAll(backoff.after(failures));
        }
        reschedule(next);
    }

    /** Fixed rate: the next poll is due one interval after this one started, however long it took. */
    private void poll(Instant now) {
        poller.pollNewOrders();
        nextPoll = now.plus(schedule.pollInterval());
        if (unauthorized) {
            log.info("kaspi accepts the token again merchantId={}", merchant());
            unauthorized = false;
        }
        health.succeeded(merchant(), clock.instant());
    }

    private void syncStep(Instant now) {
        if (sync == null) {
            sync = StatusSync.plan(poller, source, now);
            nextSync = now.plus(schedule.statusSyncInterval());
        }
        if (!sync.done()) {
            sync.step();
            budget.spent(clock.instant());
        }
        if (sync.done()) {
            Duration took = Duration.between(sync.started(), clock.instant());
            metrics.syncCompleted(merchant(), sync.calls(), sync.changes(), took);
            log.debug("status sync completed merchantId={} kaspiCalls={} changes={} took={}", merchant(),
                    sync.calls(), sync.changes(), took);
            sync = null;
        }
    }

    private Duration untilNextWork() {
        Instant now = clock.instant();
        Instant paced = now.plus(budget.waitBefore(now));
        Instant syncAt = sync == null && nextSync.isAfter(paced) ? nextSync : paced;
        Instant at = syncAt.isBefore(nextPoll) ? syncAt : nextPoll;
        return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
    }

    /** After a failure nothing runs until the backoff is over: Kaspi or Kafka needs the pause. */
    private Duration delayAll(Duration wait) {
        Instant resume = clock.instant().plus(wait);
        nextPoll = resume;
        if (nextSync.isBefore(resume)) {
            nextSync = resume;
        }
        return wait;
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
