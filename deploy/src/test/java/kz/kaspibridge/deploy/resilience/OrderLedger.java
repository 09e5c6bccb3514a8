package kz.kaspibridge.deploy.resilience;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import kz.kaspibridge.schemas.commands.OrderAccepted;
import kz.kaspibridge.schemas.commands.OrderCancelled;
import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.common.DeliveryStatus;
import kz.kaspibridge.schemas.delivery.DeliveryEvent;
import kz.kaspibridge.schemas.delivery.DeliveryStatusChanged;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.orders.OrderReceived;
import kz.kaspibridge.schemas.orders.OrderStatusChanged;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.RecordReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the system said about each order, read committed from its three output topics since their beginning:
 * orders received and their status changes ({@code kaspi.orders}), command results ({@code kaspi.order-results})
 * and delivery events ({@code kaspi.delivery-events}).
 */
final class OrderLedger implements AutoCloseable {

    private final RecordReader<OrderEvent> orders;
    private final RecordReader<OrderCommandResult> results;
    private final RecordReader<DeliveryEvent> deliveries;

    OrderLedger(KafkaClientConfig kafka) {
        orders = RecordReader.fromBeginning(Topics.ORDERS.name(), kafka.assignedReaderProperties("resilience-orders"));
        results = RecordReader.fromBeginning(Topics.ORDER_RESULTS.name(),
                kafka.assignedReaderProperties("resilience-results"));
        deliveries = RecordReader.fromBeginning(Topics.DELIVERY_EVENTS.name(),
                kafka.assignedReaderProperties("resilience-deliveries"));
    }

    /** One look at the topics: everything read so far. */
    Snapshot read() {
        return new Snapshot(orders.records(), results.records(), deliveries.records());
    }

    @Override
    public void close() {
        orders.close();
        results.close();
        deliveries.close();
    }

    record Snapshot(List<ConsumerRecord<String, OrderEvent>> orders,
                    List<ConsumerRecord<String, OrderCommandResult>> results,
                    List<ConsumerRecord<String, DeliveryEvent>> deliveries) {

        Set<String> received() {
            return codesOf(orders, payload -> payload instanceof OrderReceived);
        }

        Set<String> accepted() {
            return resultCodes(payload -> payload instanceof OrderAccepted);
        }

        Set<String> cancelled() {
            return resultCodes(payload -> payload instanceof OrderCancelled);
        }

        /** Orders with any result naming them: accepted, cancelled, failed or rejected. */
        Set<String> decided() {
            return resultCodes(payload -> true);
        }

        Set<String> cancelledInKaspi() {
            return codesOf(orders, payload -> payload instanceof OrderStatusChanged changed
                    && "CANCELLED".equals(String.valueOf(changed.getStatus())));
        }

        Set<String> delivered() {
            return deliveries.stream().filter(r -> r.value().getPayload() instanceof DeliveryStatusChanged changed
                    && changed.getStatus() == DeliveryStatus.DELIVERED).map(ConsumerRecord::key)
                    .collect(Collectors.toSet());
        }

        /** commandId → how many results name it, where more than one. */
        Map<String, Long> duplicateResults() {
            return duplicates(results.stream().map(r -> String.valueOf(r.value().getCommandId())).toList());
        }

        /** order|delivery|status → how many DeliveryStatusChanged say it, where more than one. */
        Map<String, Long> duplicateStatusChanges() {
            return duplicates(deliveries.stream().filter(r -> r.value().getPayload() instanceof DeliveryStatusChanged)
                    .map(r -> {
                        DeliveryStatusChanged changed = (DeliveryStatusChanged) r.value().getPayload();
                        return r.key() + "|" + changed.getDeliveryId() + "|" + changed.getStatus();
                    }).toList());
        }

        int statusChanges() {
            return (int) deliveries.stream().filter(r -> r.value().getPayload() instanceof DeliveryStatusChanged)
                    .count();
        }

        private Set<String> resultCodes(Predicate<Object> payload) {
            return results.stream().filter(r -> payload.test(r.value().getPayload())).map(ConsumerRecord::key)
                    .collect(Collectors.toSet());
        }

        private static Set<String> codesOf(List<ConsumerRecord<String, OrderEvent>> records,
                                           Predicate<Object> payload) {
            return records.stream().filter(r -> payload.test(r.value().getPayload())).map(ConsumerRecord::key)
                    .collect(Collectors.toSet());
        }

        private static Map<String, Long> duplicates(List<String> keys) {
            return keys.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                    .entrySet().stream().filter(e -> e.getValue() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }
    }
}
