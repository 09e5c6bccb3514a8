package kz.kaspibridge.kaspiclient.shop;

/** Reads Kaspi's enumerated strings leniently, so a value added by Kaspi is not a malformed response. */
final class KnownValues {

    private KnownValues() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value, E unknown) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException notKnownYet) {
            return unknown;
        }
    }
}
