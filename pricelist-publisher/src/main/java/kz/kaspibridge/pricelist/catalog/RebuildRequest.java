package kz.kaspibridge.pricelist.catalog;

import java.util.Locale;
import java.util.Optional;

/**
 * What becomes of an operator's request to rebuild a merchant's file: only a merchant whose catalog this
 * instance holds can be rebuilt; anything else is refused with a reason, logged and counted, never fatal.
 */
public final class RebuildRequest {

    /** The metric's {@code outcome} tag: a fixed set. */
    public enum Outcome {
        ACCEPTED, UNKNOWN_MERCHANT, MALFORMED;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private RebuildRequest() {
    }

    /**
     * @param merchant   the request's key as a merchant, empty when it names none
     * @param wellFormed whether its value is a rebuild request
     * @param known      whether the catalog holds that merchant
     */
    public static Outcome judge(Optional<MerchantId> merchant, boolean wellFormed, boolean known) {
        if (merchant.isEmpty() || !wellFormed) {
            return Outcome.MALFORMED;
        }
        return known ? Outcome.ACCEPTED : Outcome.UNKNOWN_MERCHANT;
    }
}
