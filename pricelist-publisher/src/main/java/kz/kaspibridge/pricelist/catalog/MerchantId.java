package kz.kaspibridge.pricelist.catalog;

/** A Kaspi merchant, as {@code metadata.merchantId} names it; one price list each. */
public record MerchantId(String value) implements Comparable<MerchantId> {

    public MerchantId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("merchant id is blank");
        }
    }

    @Override
    public int compareTo(MerchantId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
