package kz.kaspibridge.sandbox.orders;

/** Generated, never real; still masked in logs like real personal data would be. */
public record Customer(String id, String firstName, String lastName, String cellPhone) {

    @Override
    public String toString() {
        return "Customer[id=" + id + "]";
    }
}
