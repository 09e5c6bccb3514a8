package kz.kaspibridge.ordercommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.calls.CallKind;
import kz.kaspibridge.sandbox.faults.FaultRule;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.sandbox.orders.OrderSnapshot;
import kz.kaspibridge.schemas.commands.OrderAccepted;
import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.RecordWriter;
import kz.kaspibridge.testsupport.ServiceProcess;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A crash in the middle of a batch: the service runs as its own OS process from the exec jar, accepts a batch of
 * AUTO orders, is killed with SIGKILL half-way, and a new process with the same application id takes over. Every
 * order ends up accepted in Kaspi with exactly one accept call, and {@code kaspi.order-results} (read committed)
 * has exactly one {@code OrderAccepted} per order.
 */
class KillAndRestartIT {

    private static final String MERCHANT = "it-kill";
    private static final int ORDERS = 200;
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration WAIT = Duration.ofSeconds(240);

    @Test
    void killedMidBatchTheRestartedServiceAcceptsEveryOrderExactlyOnce() throws Exception {
        KafkaClientConfig client = new KafkaClientConfig(TestStack.bootstrapServers(), TestStack.registryUrl(), true);
        // kaspi.orders is the poller's to declare; kaspi.order-results is the service's, declared here from the same
        // catalog entry so that the test can read it from before the first process starts.
        TestTopics.create(TestStack.bootstrapServers(), List.of(Topics.ORDERS.toNewTopic((short) 1),
                Topics.ORDER_RESULTS.toNewTopic((short) 1)));
        String run = String.format("%06d", System.nanoTime() % 1_000_000);
        try (KaspiSandbox sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults().withMerchants(List.of(
                new KaspiSandbox.Merchant(MERCHANT, "sandbox-token-" + MERCHANT))));
             RecordWriter<Object> writer = new RecordWriter<>(client.producerProperties());
             RecordReader<OrderCommandResult> results = RecordReader.fromBeginning(Topics.ORDER_RESULTS.name(),
                     client.assignedReaderProperties("kill-results-" + run))) {
            // Each accept takes at least 100 ms and the token allows one request at a time: the batch takes 20 s
            // or more, so the kill lands in its middle.
            sandbox.admin().injectFault(FaultRule.latency("orders.update", Duration.ofMillis(100)));
            Map<String, String> settings = Map.of(
                    "order-command-service.kaspi.base-url", sandbox.shopApiUrl(),
                    "order-command-service.kaspi.timeout", "5s",
                    "order-command-service.streams.application-id", "order-command-kill-" + run,
                    "order-command-service.streams.state-dir",
                    Files.createTempDirectory("order-command-kill").toString(),
                    "order-command-service.merchants[0].id", MERCHANT,
                    "order-command-service.merchants[0].token", sandbox.tokenOf(MERCHANT),
                    "order-command-service.merchants[0].policy", "AUTO");
            List<OrderSnapshot> orders = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                // Own codes: other ITs share the broker, and every sandbox numbers its orders alike.
                orders.add(sandbox.admin().seedOrder(OrderSeed.forMerchant(MERCHANT)
                        .withCode("73" + run + String.format("%03d", i))));
            }
            List<String> codes = orders.stream().map(OrderSnapshot::code).toList();

            long acceptedAtKill;
            try (ServiceProcess first = start("kill-restart-first", settings)) {
                orders.forEach(order -> writer.send(Topics.ORDERS.name(), order.code(), OrderRecords.received(order)));
                await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                        .until(() -> acceptCalls(sandbox, codes) >= ORDERS / 5);
                first.kill();
                acceptedAtKill = acceptCalls(sandbox, codes);
            }
            assertThat(acceptedAtKill).as("accept calls when the first process was killed").isLessThan(ORDERS);

            try (ServiceProcess second = start("kill-restart-second", settings)) {
                await().atMost(WAIT).until(() -> codes.stream().allMatch(code -> "ACCEPTED_BY_MERCHANT".equals(
                        sandbox.admin().order(code).orElseThrow().status().name())));
                await().atMost(WAIT).until(() -> accepted(results, codes).size() >= ORDERS);
                // A duplicate result would follow within seconds of the last one: watch the count that long.
                await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30))
                        .until(() -> accepted(results, codes).size() == ORDERS);
            }

            Map<String, Long> resultsPerOrder = accepted(results, codes).stream()
                    .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
            assertThat(resultsPerOrder).hasSize(ORDERS).allSatisfy((code, count) -> assertThat(count).isEqualTo(1));
            Map<String, Long> callsPerOrder = codes.stream().collect(Collectors.toMap(Function.identity(),
                    code -> sandbox.admin().calls(CallKind.ORDER_ACCEPT, code)));
            assertThat(callsPerOrder).allSatisfy((code, calls) -> assertThat(calls).as(code).isEqualTo(1));
        }
    }

    /** The exec jar of this module, healthy once its Streams application runs. */
    private static ServiceProcess start(String name, Map<String, String> settings) {
        return ServiceProcess.start(name, ServiceProcess.execJar(Path.of("")), settings, START,
                body -> body.contains("RUNNING"));
    }

    private static long acceptCalls(KaspiSandbox sandbox, List<String> codes) {
        return codes.stream().mapToLong(code -> sandbox.admin().calls(CallKind.ORDER_ACCEPT, code)).sum();
    }

    private static List<ConsumerRecord<String, OrderCommandResult>> accepted(
            RecordReader<OrderCommandResult> results, List<String> codes) {
        return results.records().stream().filter(r -> codes.contains(r.key())
                && MERCHANT.equals(r.value().getMetadata().getMerchantId())
                && r.value().getPayload() instanceof OrderAccepted).toList();
    }
}
