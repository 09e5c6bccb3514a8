package kz.kaspibridge.kaspiclient.shop;

/** Personal data: toString shows the town only. Coordinates are null when Kaspi gives none. */
public record DeliveryAddress(String streetName, String streetNumber, String town, String district,
                              String building, String apartment, String formattedAddress, Double latitude,
                              Double longitude) {
    @Override
    public String toString() {
        return "DeliveryAddress[town=" + town + "]";
    }
}
