package kz.kaspibridge.kaspiclient.shop;

/** Personal data: toString shows the id only, so it never reaches a log by accident. */
public record Customer(String id, String firstName, String lastName, String cellPhone) {
    @Override
    public String toString() {
        return "Customer[id=" + id + "]";
    }
}
