package kz.kaspibridge.orderpoller.polling;

/** Kafka did not acknowledge a batch; the durable state must be read back before going on. */
public class OrderEventsException extends RuntimeException {

    public OrderEventsException(String message, Throwable cause) {
        super(message, cause);
    }
}
