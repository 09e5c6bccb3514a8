package kz.kaspibridge.deliverygateway.kaspi;

/**
 * A Delivery API call the topology asks for, recorded on {@code delivery-gateway.requests} (JSON, key order code)
 * before it is made. Every one is safe to make twice: a booking carries the order's {@code Idempotency-Key}, a
 * cancel its {@code <order code>-cancel} key (and cancelling twice is harmless), a read is a read.
 *
 * @param type       {@code BOOK}, {@code CANCEL} or {@code RECONCILE}
 * @param merchantId whose API key to call with
 * @param booking    for {@code BOOK}: what to book (personal data: contacts and address)
 */
public record Intent(String type, String orderCode, String merchantId, String commandId, String deliveryId,
                     String reason, Booking booking, long requestedAt) {

    public static final String BOOK = "BOOK";
    public static final String CANCEL = "CANCEL";
    public static final String RECONCILE = "RECONCILE";

    /** What a {@code BookDelivery} asks for. */
    public record Booking(Stop pickup, Stop dropoff, Parcel parcel) {
    }

    public record Stop(String address, String contactName, String contactPhone, String notes) {
        @Override
        public String toString() {
            return "Stop[personal data masked]";
        }
    }

    public record Parcel(String description, int weightGrams, long valueKzt) {
    }

    @Override
    public String toString() {
        return "Intent[type=" + type + ", orderCode=" + orderCode + ", merchantId=" + merchantId + ", commandId="
                + commandId + ", deliveryId=" + deliveryId + "]";
    }
}
