package kz.kaspibridge.webhookingress;

import static kz.kaspibridge.webhookingress.IngressApp.DEMO_PATH;
import static kz.kaspibridge.webhookingress.SignedWebhooks.NEW_SECRET;
import static kz.kaspibridge.webhookingress.SignedWebhooks.body;
import static kz.kaspibridge.webhookingress.SignedWebhooks.sign;
import static kz.kaspibridge.webhookingress.SignedWebhooks.uniqueEventId;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import kz.kaspibridge.schemas.delivery.DeliveryStatusReported;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;
import kz.kaspibridge.testsupport.TestStack;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Kafka goes away under the running service, then comes back: while it is away every webhook gets
 * 503 (within about the 2 s budget), never 2xx; after recovery Kaspi's retries are stored and
 * nothing that got a 2xx is missing. This class owns its broker so it can stop it.
 */
class BrokerDownIT {

    private static EmbeddedKafkaKraftBroker broker;
    private static String bootstrap;

    @BeforeAll
    static void startOwnBroker() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.kafkaPorts(port);
        broker.brokerProperties(Map.of("auto.create.topics.enable", "false",
                "transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1", "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        bootstrap = broker.getBrokersAsString();
    }

    @AfterAll
    static void stopOwnBroker() {
        broker.destroy();
    }

    @Test
    void whileKafkaIsDownEveryWebhookGets503AndAfterRecoveryNothingIsLost() throws Exception {
        try (IngressApp app = IngressApp.start(bootstrap, Map.of())) {
            WebhookClient client = new WebhookClient(app.baseUrl());
            Map<String, String> bodies = new HashMap<>();
            String before = uniqueEventId();
            bodies.put(before, body(before, "K0", "accepted"));
            assertThat(post(client, before, bodies.get(before))).isEqualTo(200);

            broker.getCluster().brokers().values().forEach(b -> b.shutdown());
            List<String> duringOutage = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String eventId = uniqueEventId();
                duringOutage.add(eventId);
                bodies.put(eventId, body(eventId, "K" + i, "in_transit"));
                long started = System.nanoTime();
                assertThat(post(client, eventId, bodies.get(eventId))).isEqualTo(503);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(3500));
            }

            broker.getCluster().brokers().values().forEach(b -> b.startup());
            // Kaspi retries until it gets a 2xx.
            for (String eventId : duringOutage) {
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> post(client, eventId, bodies.get(eventId)) == 200);
            }

            KafkaClientConfig own = new KafkaClientConfig(bootstrap, TestStack.registryUrl(), true);
            try (RecordReader<DeliveryStatusReported> reports = RecordReader.fromBeginning(
                    Topics.DELIVERY_STATUS_REPORTS.name(), own.consumerProperties("it-broker-down"))) {
                reports.awaitCount(5, Duration.ofSeconds(30));
                Map<String, Long> stored = reports.records().stream()
                        .collect(Collectors.groupingBy(r -> r.value().getWebhookEventId(), Collectors.counting()));
                assertThat(stored.keySet()).containsAll(bodies.keySet());
                assertThat(stored).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
            }
        }
    }

    private static int post(WebhookClient client, String eventId, String body) {
        return client.post(DEMO_PATH, sign(NEW_SECRET, eventId, Instant.now(), body), body).getStatus().value();
    }
}
