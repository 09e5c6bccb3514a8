package kz.kaspibridge.testsupport;

import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real embedded KRaft broker (spring-kafka-test) per test JVM, shared by every test class in
 * it and destroyed when the JVM exits. Tests isolate themselves with their own topics and group
 * ids instead of paying for a broker each.
 */
public final class EmbeddedBroker {

    private static EmbeddedKafkaKraftBroker shared;

    private EmbeddedBroker() {
    }

    public static synchronized EmbeddedKafkaKraftBroker shared() {
        if (shared == null) {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
            broker.brokerProperties(Map.of(
                    "auto.create.topics.enable", "false",
                    "transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1",
                    "offsets.topic.replication.factor", "1",
                    "group.initial.rebalance.delay.ms", "0"));
            broker.afterPropertiesSet();
            shared = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "embedded-kafka-stop"));
        }
        return shared;
    }

    public static String bootstrapServers() {
        return shared().getBrokersAsString();
    }
}
