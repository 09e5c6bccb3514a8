package kz.kaspibridge.pricelist.catalog;

/** One rule an offer breaks, with what in the offer breaks it (the value as sent, shortened). */
public record Violation(OfferRule rule, String detail) {
}
