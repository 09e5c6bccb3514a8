package kz.kaspibridge.orderpoller.publishing;

import java.time.Instant;
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

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Cursor(long cursorMillis) {
    }

    record OpenOrder(String orderId, String code, String status, String state, long creationMillis) {
    }

    private StateRecords() {
    }

    static String cursor(Instant cursor) {
        return JSON.writeValueAsString(new Cursor(cursor.toEpochMilli()));
    }

    static Instant cursor(String json) {
        return Instant.ofEpochMilli(JSON.readValue(json, Cursor.class).cursorMillis());
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
