package kz.kaspibridge.ordercommand.streams;

/**
 * An intended Kaspi effect, recorded on {@code order-command-service.effects} in the same transaction as the
 * decision (and reservation) that made it, before Kaspi is called. The effect executor carries it out; a crash
 * after the call but before its commit replays the same intent, and the executor's re-read of the order in Kaspi
 * turns "already done" into success, so the outcome never differs. JSON, internal to this service.
 *
 * @param type         ACCEPT, CANCEL, COMPLETE or ASSEMBLE
 * @param origin       POLICY (decided here) or COMMAND (asked on kaspi.order-commands)
 * @param securityCode the buyer's code for a second-step COMPLETE; never logged
 * @param delivery     what to book after an ACCEPT, or null
 */
public record Effect(String commandId, String orderCode, String orderId, String merchant, String type, String origin,
                     String reason, String comment, String securityCode, Integer numberOfSpace, boolean kaspiDelivery,
                     long orderReceivedAt, long decidedAt, String correlationId, String causationId,
                     Delivery delivery) {

    /**
     * For an ACCEPT of an order the merchant delivers itself: the dropoff and parcel of its {@code BookDelivery}
     * (the pickup comes from the merchant's configuration). Personal data: never logged.
     */
    public record Delivery(String address, String name, String phone, String description, int weightGrams,
                           long valueKzt) {
        @Override
        public String toString() {
            return "Delivery[personal data masked]";
        }
    }

    @Override
    public String toString() {
        return "Effect[commandId=" + commandId + ", orderCode=" + orderCode + ", merchant=" + merchant + ", type="
                + type + ", origin=" + origin + "]";
    }
}
