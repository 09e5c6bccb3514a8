package kz.kaspibridge.sandbox.orders;

public record Address(String streetName, String streetNumber, String town, String district, String building,
                      String apartment, double latitude, double longitude) {

    public String formattedAddress() {
        return town + ", " + streetName + ", " + streetNumber;
    }
}
