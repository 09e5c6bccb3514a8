package kz.kaspibridge.kaspiclient.delivery;

/**
 * A delivery to book. Contacts are personal data: toString of this record leaves them out.
 *
 * @param externalOrderId our order code
 */
public record DeliveryRequest(String externalOrderId, Place pickup, Place dropoff, Parcel parcel) {

    public record Contact(String name, String phone) {
        @Override
        public String toString() {
            return "Contact[***]";
        }
    }

    /** @param notes optional, for the courier */
    public record Place(String address, Contact contact, String notes) {
        @Override
        public String toString() {
            return "Place[***]";
        }
    }

    /** @param valueKzt declared value, whole tenge */
    public record Parcel(String description, int weightGrams, long valueKzt) {
    }

    public DeliveryRequest {
        if (externalOrderId == null || externalOrderId.isBlank() || pickup == null || dropoff == null) {
            throw new IllegalArgumentException("externalOrderId, pickup and dropoff are required");
        }
    }
}
