package kz.kaspibridge.orderpoller.merchants;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import kz.kaspibridge.orderpoller.polling.MerchantId;
import kz.kaspibridge.orderpoller.polling.MerchantPoller;
import kz.kaspibridge.orderpoller.polling.OrderSource;
import kz.kaspibridge.orderpoller.polling.PollerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The merchants this instance polls right now. Whoever decides ownership (Kafka's group
 * assignment) calls {@link #own}; merchants gained start, merchants lost stop before anyone else
 * may start them.
 */
public final class MerchantWorkers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MerchantWorkers.class);

    private final Function<MerchantId, MerchantPoller> pollers;
    private final OrderSource source;
    private final Function<MerchantId, Schedule> schedules;
    private final Consumer<MerchantId> release;
    private final Backoff backoff;
    private final MerchantHealth health;
    private final PollerMetrics metrics;
    private final Clock clock;
    private final Map<MerchantId, MerchantWorker> running = new HashMap<>();

    /**
     * @param pollers   builds the poller of a merchant
     * @param source    Kaspi, for the status-sync cycles
     * @param schedules poll interval, status-sync interval and 401 retry of a merchant
     * @param release   called once a merchant stopped, to release its Kafka writer
     */
    public MerchantWorkers(Function<MerchantId, MerchantPoller> pollers, OrderSource source,
                           Function<MerchantId, Schedule> schedules,
                           Consumer<MerchantId> release, Backoff backoff, MerchantHealth health,
                           PollerMetrics metrics, Clock clock) {
        this.pollers = pollers;
        this.source = source;
        this.schedules = schedules;
        this.release = release;
        this.backoff = backoff;
        this.health = health;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @param pollInterval       pause between successful polls
     * @param statusSyncInterval how often open orders are refreshed
     * @param unauthorizedRetry  how often a merchant whose token Kaspi rejected is tried again
     * @param syncShare          share of the token's requests status sync may use, (0, 1]
     * @param requestsPerSecond  the token's request rate (the client's limit); 0 when it has none
     */
    public record Schedule(Duration pollInterval, Duration statusSyncInterval, Duration unauthorizedRetry,
                           double syncShare, double requestsPerSecond) {
    }

    /** Makes the running set exactly {@code merchants}. */
    public synchronized void own(Set<MerchantId> merchants) {
        Set<MerchantId> lost = new HashSet<>(running.keySet());
        lost.removeAll(merchants);
        stop(lost);
        for (MerchantId merchant : merchants) {
            if (!running.containsKey(merchant)) {
                start(merchant);
            }
        }
    }

    public synchronized Set<MerchantId> owned() {
        return Set.copyOf(running.keySet());
    }

    @Override
    public synchronized void close() {
        own(Set.of());
    }

    private void start(MerchantId merchant) {
        MerchantWorker worker = new MerchantWorker(pollers.apply(merchant), source, schedules.apply(merchant), backoff,
                health, metrics, clock);
        running.put(merchant, worker);
        log.info("merchant assigned merchantId={}", merchant);
        worker.start();
    }

    /** All at once: each finishes its cycle in parallel, so a rebalance waits for the slowest only. */
    private void stop(Set<MerchantId> merchants) {
        merchants.forEach(merchant -> running.get(merchant).requestStop());
        for (MerchantId merchant : merchants) {
            running.remove(merchant).awaitStopped();
            release.accept(merchant);
            // Another instance reports this merchant now; a stale value here would be counted twice.
            metrics.openOrders(merchant, 0);
            log.info("merchant released merchantId={}", merchant);
        }
    }
}
