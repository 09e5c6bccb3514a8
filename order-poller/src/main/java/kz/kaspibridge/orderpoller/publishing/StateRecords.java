package kz.kaspibridge.orderpoller.publishing;

import java.time.Instant;
import java.util.Optional;
import kz.kaspibridge.orderpoller.polling.OrderCode;
import kz.kaspibridge.orderpoller.polling.OrderSnapshot;
import kz.kaspibridge.orderpoller.polling.OrderState;
import kz.kaspibridge.orderpoller.polling.OrderStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON values of the poller's internal topics. They are private to the poller (no other service
 * reads them), so they are not Avro contracts in shared-schemas; JSON keeps them readable with
 * kcat when an operator needs to look.
 */
final class StateRecords {

    // A newer version's fields are ignored, so a rollback still reads the cursor a newer version wrote.
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** {@code repollRequestedAtMillis}: the re-poll request applied last, absent before the first one. */
    record Cursor(long cursorMillis, Long repollRequestedAtMillis) {
    }

    record OpenOrder(String orderId, String code, String status, String state, long creationMillis) {
    }

    private StateRecords() {
    }

    static String cursor(Instant cursor, Optional<Instant> lastRepoll) {
        return JSON.writeValueAsString(new Cursor(cursor.toEpochMilli(),
                lastRepoll.map(Instant::toEpochMilli).orElse(null)));
    }

    static Cursor cursor(String json) {
        return JSON.readValue(json, Cursor.class);
    }

    static String openOrder(OrderSnapshot order) {
        return JSON.writeValueAsString(new OpenOrder(order.id(), order.code().value(), order.status().name(),
                order.state().name(), order.creationDate().toEpochMilli()));
    }

    static OrderSnapshot openOrder(String json) {
        OpenOrder o = JSON.readValue(json, OpenOrder.class);
        return new OrderSnapshot(o.orderId(), new OrderCode(o.code()), OrderStatus.parse(o.status()),
                OrderState.parse(o.state()), Instant.ofEpochMilli(o.creationMillis()));
    }
}
