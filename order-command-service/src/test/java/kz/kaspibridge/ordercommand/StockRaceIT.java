package kz.kaspibridge.ordercommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.sandbox.calls.CallKind;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.sandbox.orders.OrderSnapshot;
import kz.kaspibridge.schemas.catalog.AvailableStock;
import kz.kaspibridge.schemas.commands.OrderAccepted;
import kz.kaspibridge.schemas.commands.OrderCancelled;
import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.common.CancellationReason;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.RecordWriter;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * The race for the last units: two service instances sharing the work, stock 10 for one sku, 50 orders for it
 * arriving together on different partitions. Exactly 10 are accepted in Kaspi, none is oversold, and every order
 * gets exactly one decision.
 */
class StockRaceIT {

    private static final String MERCHANT = "it-race";
    private static final String SKU = "RACE1";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void fiftyOrdersForTenUnitsAcrossTwoInstancesAcceptExactlyTen() {
        KafkaClientConfig client = new KafkaClientConfig(TestStack.bootstrapServers(), TestStack.registryUrl(), true);
        TestTopics.create(TestStack.bootstrapServers(), List.of(Topics.ORDERS.toNewTopic((short) 1)));
        try (KaspiSandbox sandbox = KaspiSandbox.start(KaspiSandbox.Options.defaults().withMerchants(List.of(
                new KaspiSandbox.Merchant(MERCHANT, "sandbox-token-" + MERCHANT))))) {
            Map<String, String> settings = Map.of(
                    "order-command-service.merchants[0].id", MERCHANT,
                    "order-command-service.merchants[0].token", sandbox.tokenOf(MERCHANT),
                    "order-command-service.merchants[0].policy", "STOCK",
                    "order-command-service.merchants[0].when-short", "CANCEL",
                    "order-command-service.merchants[0].default-store", "PP1");
            try (ServiceInstance first = ServiceInstance.start("order-command-race", sandbox.shopApiUrl(), settings);
                 ServiceInstance second = ServiceInstance.start("order-command-race", sandbox.shopApiUrl(), settings);
                 RecordWriter<Object> writer = new RecordWriter<>(client.producerProperties());
                 RecordReader<OrderCommandResult> results = RecordReader.fromBeginning(Topics.ORDER_RESULTS.name(),
                         client.assignedReaderProperties("race-results"))) {
                await().atMost(WAIT).until(() -> first.streamsState() == KafkaStreams.State.RUNNING
                        && second.streamsState() == KafkaStreams.State.RUNNING);

                // 11 units. The report and an order travel different repartition topics, so the first probe may be
                // decided before the report lands (and is then cancelled, taking nothing): probe until one is
                // accepted, which proves the report is applied and leaves exactly 10 units for the race.
                writer.send(Topics.STOCK_CHANGES.name(), SKU,
                        OrderRecords.stock(MERCHANT, SKU, 11, Instant.now().minusSeconds(60)));
                // Own order codes: every sandbox numbers its orders from the same start, and other ITs share the broker.
                String run = Long.toString(System.nanoTime() % 1_000_000);
                boolean probed = false;
                for (int attempt = 0; attempt < 10 && !probed; attempt++) {
                    OrderSnapshot probe = sandbox.admin().seedOrder(OrderSeed.forMerchant(MERCHANT)
                            .withCode("94" + run + String.format("%02d", attempt)));
                    writer.send(Topics.ORDERS.name(), probe.code(), OrderRecords.receivedFromStore(probe, SKU, 1));
                    probed = results.await(r -> probe.code().equals(r.key()) && MERCHANT.equals(r.value()
                            .getMetadata().getMerchantId()), WAIT).value().getPayload() instanceof OrderAccepted;
                }
                assertThat(probed).as("a probe order was accepted").isTrue();

                List<OrderSnapshot> racers = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    racers.add(sandbox.admin().seedOrder(OrderSeed.forMerchant(MERCHANT)
                            .withCode("93" + run + String.format("%02d", i))));
                }
                racers.forEach(order -> writer.send(Topics.ORDERS.name(), order.code(),
                        OrderRecords.receivedFromStore(order, SKU, 1)));

                // Order codes repeat across sandboxes (other ITs share the broker): match on merchant too.
                List<String> codes = racers.stream().map(OrderSnapshot::code).toList();
                await().atMost(WAIT).until(() -> results.records().stream().filter(r -> isRacer(r, codes))
                        .count() >= 50);
                await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20))
                        .until(() -> results.records().stream().filter(r -> isRacer(r, codes)).count() == 50);
                List<ConsumerRecord<String, OrderCommandResult>> decided = results.records().stream()
                        .filter(r -> isRacer(r, codes)).toList();

                assertThat(decided.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).hasSize(50);
                assertThat(decided).hasSize(50);
                assertThat(decided).filteredOn(r -> r.value().getPayload() instanceof OrderAccepted).hasSize(10);
                assertThat(decided).filteredOn(r -> r.value().getPayload() instanceof OrderCancelled).hasSize(40)
                        .allMatch(r -> ((OrderCancelled) r.value().getPayload()).getReason()
                                == CancellationReason.MERCHANT_OUT_OF_STOCK);
                long acceptCalls = codes.stream().mapToLong(c -> sandbox.admin().calls(CallKind.ORDER_ACCEPT, c)).sum();
                assertThat(acceptCalls).isEqualTo(10);
                assertThat(codes.stream().filter(c -> sandbox.admin().order(c).orElseThrow().status().name()
                        .equals("ACCEPTED_BY_MERCHANT")).count()).isEqualTo(10);

                // The published figure agrees with the decisions: 11 reported, 11 accepted (probe and racers).
                try (RecordReader<AvailableStock> figures = RecordReader.fromBeginning(Topics.AVAILABLE_STOCK.name(),
                        client.assignedReaderProperties("race-figures"))) {
                    String key = MERCHANT + "|PP1|" + SKU;
                    AvailableStock last = figures.await(r -> key.equals(r.key()) && r.value().getReservedUnits() == 11,
                            WAIT).value();
                    assertThat(last.getStockCount()).isZero();
                    assertThat(last.getReportedCount()).isEqualTo(11);
                    assertThat(figures.records()).filteredOn(r -> key.equals(r.key()))
                            .allMatch(r -> r.value().getStockCount() >= 0 && r.value().getReservedUnits() <= 11);
                }
            }
        }
    }

    private static boolean isRacer(ConsumerRecord<String, OrderCommandResult> record, List<String> codes) {
        return codes.contains(record.key()) && MERCHANT.equals(record.value().getMetadata().getMerchantId());
    }
}
