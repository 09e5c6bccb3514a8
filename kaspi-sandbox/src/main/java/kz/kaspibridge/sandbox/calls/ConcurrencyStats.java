package kz.kaspibridge.sandbox.calls;

/**
 * How many requests one credential had in flight at once, by its label: the merchant id for a
 * Shop API token, {@value InFlightLimit#DELIVERY_LABEL} for the Delivery API key. Never the raw token.
 *
 * @param credential the label
 * @param inFlight   requests being answered now
 * @param highest    most requests in flight at once since the last reset, refused ones included:
 *                   above the limit means a client broke the rule
 * @param rejected   429s answered because another request of the credential was in flight
 */
public record ConcurrencyStats(String credential, int inFlight, int highest, long rejected) {
}
