package kz.kaspibridge.deploy.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import kz.kaspibridge.ordercommand.tools.SendCommand;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.calls.CallKind;
import kz.kaspibridge.sandbox.orders.DeliveryMode;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.sandbox.webhooks.WebhookAttempt;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's kill-and-restart run: orders seeded into the sandbox wave after wave while about a fifth of the calls
 * to Kaspi fail (429, 5xx, timeouts, dropped connections, malformed bodies, applied-then-504), and services killed
 * with SIGKILL and restarted in the middle of the waves. In the end every order has its final decision, each Kaspi
 * effect happened at most once (the sandbox's counters), each command has one result and each delivery status is
 * announced once (the topics, read committed). The figures are printed as a table.
 *
 * <p>By default a short run ({@code verify}): 100 orders, order-command-service killed once (each kill costs
 * about 45 s: the new process gets the dead one's partitions when its session times out). The full run of the issue: {@code -Dresilience.orders=2000 -Dresilience.kill=all} (see deploy/README.md).
 */
class KillAndRestartRunIT {

    private static final int ORDERS = Integer.getInteger("resilience.orders", 100);
    private static final List<String> KILLED = killed(System.getProperty("resilience.kill",
            ProcessStack.ORDER_COMMAND_SERVICE));
    /** Waves of seeding: a kill in every other wave, so that work is in flight and more follows it. */
    private static final int WAVES = 2 * KILLED.size() + 2;
    private static final Duration WAVE_WAIT = Duration.ofMinutes(5);
    /** The poller's status sync looks each accepted order up once, at 20 % faults and on its share of the token. */
    private static final Duration FINAL_WAIT = Duration.ofSeconds(180 + ORDERS / 2);

    @Test
    void everyOrderIsDecidedWithEachEffectOnceThroughFaultsAndKills() {
        long started = System.nanoTime();
        try (ProcessStack stack = ProcessStack.start(); OrderLedger ledger = new OrderLedger(stack.kafka())) {
            long stackStarted = System.nanoTime();
            FaultMix.inject(stack.sandbox(), ProcessStack.KASPI_TIMEOUT);
            List<Planned> plan = Planned.plan(ORDERS);
            Driver driver = new Driver(stack, ledger);
            int perWave = (ORDERS + WAVES - 1) / WAVES;
            for (int wave = 0; wave < WAVES; wave++) {
                List<Planned> orders = plan.subList(Math.min(plan.size(), wave * perWave),
                        Math.min(plan.size(), (wave + 1) * perWave));
                orders.forEach(order -> driver.seed(order));
                // Paced by the system: the next wave (or the kill) once a third of this one is decided, so the
                // kills fall in the middle of work spread over the whole run, not in a backlog seeded at once.
                Set<String> codes = codes(orders);
                driver.await("a third of wave " + wave + " decided", WAVE_WAIT, () ->
                        countIn(driver.snapshot().decided(), codes) >= orders.size() / 3);
                if (wave % 2 == 1 && wave / 2 < KILLED.size()) {
                    stack.killAndRestart(KILLED.get(wave / 2));
                }
            }
            try {
                driver.await("every order decided", FINAL_WAIT, () -> driver.undecided().isEmpty());
            } catch (ConditionTimeoutException e) {
                // The table and the list of undecided orders below say more than the timeout.
            }
            long decided = System.nanoTime();
            stack.sandbox().admin().clearFaults();
            // A duplicate would follow its original within seconds (a redelivery after the restart): watch that long.
            AtomicInteger output = new AtomicInteger(-1);
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> output.getAndSet(driver.outputSize()) == output.get());

            OrderLedger.Snapshot end = ledger.read();
            Map<String, Long> duplicateEffects = duplicateEffects(stack.sandbox(), plan);
            Map<String, Long> faults = FaultMix.injected(stack.sandbox());
            Summary summary = new Summary("Kill-and-restart run: " + ORDERS + " orders, killed " + KILLED)
                    .add("orders (AUTO / own delivery / buyer-cancelled / STOCK cancelled by command)",
                            ORDERS + " (" + Planned.count(plan, Kind.AUTO) + " / "
                                    + Planned.count(plan, Kind.OWN_DELIVERY) + " / "
                                    + Planned.count(plan, Kind.BUYER_CANCELS) + " / "
                                    + Planned.count(plan, Kind.CANCEL_COMMAND) + ")")
                    .add("faults injected", faults.values().stream().mapToLong(Long::longValue).sum() + " " + faults)
                    .add("kills (SIGKILL) / restarts", stack.kills() + " / " + stack.restarts())
                    .add("lost (no final decision)", driver.undecided().size())
                    .add("duplicate Kaspi effects (accept, cancel, delivery created)", duplicateEffects.size())
                    .add("duplicate results per commandId", end.duplicateResults().size())
                    .add("duplicate DeliveryStatusChanged per status", end.duplicateStatusChanges().size())
                    .add("webhook answers to the sandbox (status: attempts; 0 = no answer)", webhookAnswers(stack))
                    .add("records on dead-letter topics", DeadLetters.counts(stack.bootstrapServers()))
                    .add("results / DeliveryStatusChanged", end.results().size() + " / " + end.statusChanges())
                    .add("stack start", seconds(stackStarted - started))
                    .add("orders decided " + (driver.undecided().isEmpty() ? "after" : "NOT ALL, gave up after"),
                            seconds(decided - stackStarted))
                    .add("whole run", seconds(System.nanoTime() - started));
            summary.print();
            if (!driver.undecided().isEmpty()) {
                System.out.println("undecided: " + driver.undecided());
            }

            assertThat(driver.undecided()).as("orders without their final decision").isEmpty();
            assertThat(duplicateEffects).as("Kaspi effects per order, where more than one").isEmpty();
            assertThat(end.duplicateResults()).as("results per commandId, where more than one").isEmpty();
            assertThat(end.duplicateStatusChanges()).as("DeliveryStatusChanged per status, where more than one")
                    .isEmpty();
            assertThat(stack.kills()).isEqualTo(KILLED.size());
        }
    }

    /** order code (and effect) → how often Kaspi did it, where more than once. */
    private static Map<String, Long> duplicateEffects(KaspiSandbox sandbox, List<Planned> plan) {
        Map<String, Long> duplicates = new TreeMap<>();
        for (Planned order : plan) {
            for (CallKind kind : List.of(CallKind.ORDER_ACCEPT, CallKind.ORDER_CANCEL, CallKind.DELIVERY_CREATED)) {
                long calls = sandbox.admin().calls(kind, order.code());
                if (calls > 1) {
                    duplicates.put(order.code() + " " + kind, calls);
                }
            }
        }
        return duplicates;
    }

    /** How webhook-ingress answered the sandbox's webhook attempts: a kill of the ingress shows as 0s and retries. */
    private static Map<Integer, Long> webhookAnswers(ProcessStack stack) {
        return stack.sandbox().admin().webhookAttempts().stream()
                .collect(Collectors.groupingBy(WebhookAttempt::status, TreeMap::new, Collectors.counting()));
    }

    private static List<String> killed(String setting) {
        if (setting.equals("all")) {
            return ProcessStack.SERVICES;
        }
        List<String> services = Arrays.stream(setting.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
        services.forEach(service -> {
            if (!ProcessStack.SERVICES.contains(service)) {
                throw new IllegalArgumentException("resilience.kill: no service " + service + " among "
                        + ProcessStack.SERVICES);
            }
        });
        return services;
    }

    private static Set<String> codes(List<Planned> orders) {
        return orders.stream().map(Planned::code).collect(Collectors.toSet());
    }

    private static long countIn(Set<String> seen, Set<String> codes) {
        return codes.stream().filter(seen::contains).count();
    }

    private static String seconds(long nanos) {
        return String.format("%.0f s", nanos / 1e9);
    }

    enum Kind {
        /** accepted by the AUTO policy */
        AUTO,
        /** accepted, then booked by delivery-gateway and taken to DELIVERED by the sandbox's webhooks */
        OWN_DELIVERY,
        /** cancelled by the buyer in Kaspi once the poller received it, racing the merchant's accept */
        BUYER_CANCELS,
        /** the STOCK merchant holds it (no stock), and a CancelOrder command cancels it */
        CANCEL_COMMAND
    }

    record Planned(String code, Kind kind) {

        private static final Kind[] MIX = {Kind.OWN_DELIVERY, Kind.AUTO, Kind.CANCEL_COMMAND, Kind.OWN_DELIVERY,
                Kind.AUTO, Kind.BUYER_CANCELS, Kind.OWN_DELIVERY, Kind.AUTO, Kind.CANCEL_COMMAND, Kind.AUTO};

        /** 40 % AUTO, 30 % own delivery, 10 % buyer-cancelled, 20 % cancelled by command, in a fixed rhythm. */
        static List<Planned> plan(int count) {
            // Own codes per run: every sandbox numbers its orders alike.
            String run = String.format("%05d", System.nanoTime() % 100_000);
            List<Planned> plan = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                plan.add(new Planned("9" + run + String.format("%05d", i), MIX[i % MIX.length]));
            }
            return plan;
        }

        static long count(List<Planned> plan, Kind kind) {
            return plan.stream().filter(order -> order.kind() == kind).count();
        }

        String merchant() {
            return kind == Kind.CANCEL_COMMAND ? ProcessStack.STOCK_MERCHANT : ProcessStack.AUTO_MERCHANT;
        }
    }

    /**
     * Plays the merchant's staff and the buyers while the run goes on: a CancelOrder for each held STOCK order once it
     * was received, a buyer's cancellation in Kaspi for each BUYER_CANCELS order once it was received. It acts on
     * what the topics show, on every look.
     */
    private static final class Driver {

        private final ProcessStack stack;
        private final OrderLedger ledger;
        private final List<Planned> seeded = new ArrayList<>();
        private final Set<String> commanded = new HashSet<>();
        private final Set<String> buyerCancelled = new HashSet<>();
        private OrderLedger.Snapshot last;

        Driver(ProcessStack stack, OrderLedger ledger) {
            this.stack = stack;
            this.ledger = ledger;
        }

        void seed(Planned order) {
            OrderSeed seed = OrderSeed.forMerchant(order.merchant()).withCode(order.code());
            if (order.kind() == Kind.OWN_DELIVERY) {
                seed = seed.withDelivery(DeliveryMode.DELIVERY_LOCAL, false);
            }
            stack.sandbox().admin().seedOrder(seed);
            seeded.add(order);
        }

        /** Reads the topics, acts on them, and keeps the look. */
        OrderLedger.Snapshot snapshot() {
            last = ledger.read();
            act(last);
            return last;
        }

        void await(String what, Duration wait, Callable<Boolean> condition) {
            Awaitility.await(what).atMost(wait).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        snapshot();
                        return condition.call();
                    });
        }

        private void act(OrderLedger.Snapshot snapshot) {
            Set<String> received = snapshot.received();
            List<String> commands = new ArrayList<>();
            for (Planned order : seeded) {
                if (order.kind() == Kind.CANCEL_COMMAND && received.contains(order.code())
                        && commanded.add(order.code())) {
                    commands.add("cancel " + order.merchant() + " " + order.code() + " MERCHANT_OUT_OF_STOCK");
                }
                if (order.kind() == Kind.BUYER_CANCELS && received.contains(order.code())
                        && buyerCancelled.add(order.code())) {
                    stack.sandbox().admin().buyerCancels(order.code(), false);
                }
            }
            if (!commands.isEmpty()) {
                try {
                    SendCommand.sendAll(stack.kafka(), SendCommand.records(commands, Clock.systemUTC()), false);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot write the cancel commands", e);
                }
            }
        }

        /** Seeded orders whose final decision is not on the topics yet. */
        List<String> undecided() {
            OrderLedger.Snapshot snapshot = last != null ? last : snapshot();
            Set<String> accepted = snapshot.accepted();
            Set<String> cancelled = snapshot.cancelled();
            Set<String> delivered = snapshot.delivered();
            Set<String> cancelledInKaspi = snapshot.cancelledInKaspi();
            Set<String> decided = snapshot.decided();
            return seeded.stream().filter(order -> {
                String code = order.code();
                boolean done = switch (order.kind()) {
                    case AUTO -> accepted.contains(code);
                    case OWN_DELIVERY -> accepted.contains(code) && delivered.contains(code);
                    // Cancelled while the merchant accepts: the accept is refused (a result), or it went first and
                    // the poller's status sync reports the cancellation.
                    case BUYER_CANCELS -> cancelledInKaspi.contains(code)
                            || (decided.contains(code) && !accepted.contains(code));
                    case CANCEL_COMMAND -> cancelled.contains(code);
                };
                return !done;
            }).map(order -> order.code() + " " + order.kind()).toList();
        }

        int outputSize() {
            OrderLedger.Snapshot snapshot = snapshot();
            return snapshot.results().size() + snapshot.deliveries().size();
        }
    }
}
