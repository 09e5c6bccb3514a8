package kz.kaspibridge.orderpoller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.tools.KaspiOps;
import kz.kaspibridge.testsupport.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kaspi-ops repoll} against the running poller and the sandbox: an order created before cursor − overlap
 * (approved by the bank too late for any poll to list it) is received exactly once after a re-poll from before it,
 * and the order the poller already knew is not emitted again.
 */
class RepollIT {

    private static final String MERCHANT = "repoll-m1";
    private static final String PREFIX = "it-repoll";
    private static KaspiSandbox sandbox;
    private static OrderTopic orders;
    private static PollerInstance poller;

    @BeforeAll
    static void start() {
        sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults()
                .withMerchants(List.of(new KaspiSandbox.Merchant(MERCHANT, "sandbox-token-repoll-m1"))));
        orders = new OrderTopic();
        // Overlap 1h (PollerInstance.merchant): a poll reads creation dates from cursor − 1h.
        poller = PollerInstance.start(PREFIX, sandbox.shopApiUrl(),
                PollerInstance.merchant(0, MERCHANT, sandbox.tokenOf(MERCHANT), "1d"));
    }

    @AfterAll
    static void stop() {
        poller.close();
        orders.close();
        sandbox.close();
    }

    @Test
    void anOrderTheOverlapMissedIsReceivedOnceAfterARepollAndAKnownOrderIsNotReEmitted() {
        Instant now = sandbox.admin().now();
        String known = sandbox.admin().seedOrder(OrderSeed.forMerchant(MERCHANT).createdAt(now.minus(Duration.ofHours(2))))
                .code();
        await().atMost(Duration.ofSeconds(30)).until(() -> codes().contains(known));

        String late = sandbox.admin().seedOrder(OrderSeed.forMerchant(MERCHANT).createdAt(now.minus(Duration.ofHours(3))))
                .code();
        long polls = poller.polls(MERCHANT);
        await().atMost(Duration.ofSeconds(30)).until(() -> poller.polls(MERCHANT) >= polls + 3);
        assertThat(codes()).doesNotContain(late);

        Run run = repoll(MERCHANT, now.minus(Duration.ofHours(4)));
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("re-poll requested merchantId=" + MERCHANT);

        await().atMost(Duration.ofSeconds(30)).until(() -> codes().contains(late));
        long after = poller.polls(MERCHANT);
        await().atMost(Duration.ofSeconds(30)).until(() -> poller.polls(MERCHANT) >= after + 3);
        assertThat(codes()).containsOnlyOnce(known, late).hasSize(2);
        assertThat(poller.repollRequests("applied")).isEqualTo(1);
    }

    @Test
    void theToolRefusesAMerchantThePollerHasNeverPolledAndATimeInTheFuture() {
        Run unknown = repoll("no-such-merchant", Instant.now().minusSeconds(3_600));
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("merchant no-such-merchant has no cursor on " + PREFIX + ".merchants");

        Run future = repoll(MERCHANT, Instant.now().plusSeconds(3_600));
        assertThat(future.code()).isEqualTo(2);
        assertThat(future.err()).contains("is in the future");
    }

    private static List<String> codes() {
        return orders.received(MERCHANT).stream().map(OrderEvent::getOrderCode).toList();
    }

    private record Run(int code, String out, String err) {
    }

    private static Run repoll(String merchant, Instant from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new KaspiOps(Map.of("KAFKA_BOOTSTRAP_SERVERS", TestStack.bootstrapServers(),
                "SCHEMA_REGISTRY_URL", TestStack.registryUrl()), Clock.systemUTC(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of("repoll", merchant, "--from", from.toString(), "--poller-prefix", PREFIX));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
