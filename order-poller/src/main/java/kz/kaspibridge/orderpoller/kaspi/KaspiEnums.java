package kz.kaspibridge.orderpoller.kaspi;

import kz.kaspibridge.orderpoller.polling.OrderState;
import kz.kaspibridge.orderpoller.polling.OrderStatus;

/**
 * The one place where the client's status and state enums meet the domain's. Switches rather than
 * {@code valueOf(name())}: a constant added on either side fails the build (or the mapping test)
 * here instead of throwing at run time on the first order that carries it.
 */
final class KaspiEnums {

    private KaspiEnums() {
    }

    static OrderStatus status(kz.kaspibridge.kaspiclient.shop.OrderStatus status) {
        if (status == null) {
            return OrderStatus.UNKNOWN;
        }
        return switch (status) {
            case APPROVED_BY_BANK -> OrderStatus.APPROVED_BY_BANK;
            case ACCEPTED_BY_MERCHANT -> OrderStatus.ACCEPTED_BY_MERCHANT;
            case COMPLETED -> OrderStatus.COMPLETED;
            case CANCELLED -> OrderStatus.CANCELLED;
            case CANCELLING -> OrderStatus.CANCELLING;
            case KASPI_DELIVERY_RETURN_REQUESTED -> OrderStatus.KASPI_DELIVERY_RETURN_REQUESTED;
            case RETURN_ACCEPTED_BY_MERCHANT -> OrderStatus.RETURN_ACCEPTED_BY_MERCHANT;
            case RETURNED -> OrderStatus.RETURNED;
            case UNKNOWN -> OrderStatus.UNKNOWN;
        };
    }

    static OrderState state(kz.kaspibridge.kaspiclient.shop.OrderState state) {
        if (state == null) {
            return OrderState.UNKNOWN;
        }
        return switch (state) {
            case NEW -> OrderState.NEW;
            case SIGN_REQUIRED -> OrderState.SIGN_REQUIRED;
            case PICKUP -> OrderState.PICKUP;
            case DELIVERY -> OrderState.DELIVERY;
            case KASPI_DELIVERY -> OrderState.KASPI_DELIVERY;
            case ARCHIVE -> OrderState.ARCHIVE;
            case UNKNOWN -> OrderState.UNKNOWN;
        };
    }

    /** The state to filter a listing by; UNKNOWN is what we read, never what we ask for. */
    static kz.kaspibridge.kaspiclient.shop.OrderState filter(OrderState state) {
        return switch (state) {
            case NEW -> kz.kaspibridge.kaspiclient.shop.OrderState.NEW;
            case SIGN_REQUIRED -> kz.kaspibridge.kaspiclient.shop.OrderState.SIGN_REQUIRED;
            case PICKUP -> kz.kaspibridge.kaspiclient.shop.OrderState.PICKUP;
            case DELIVERY -> kz.kaspibridge.kaspiclient.shop.OrderState.DELIVERY;
            case KASPI_DELIVERY -> kz.kaspibridge.kaspiclient.shop.OrderState.KASPI_DELIVERY;
            case ARCHIVE -> kz.kaspibridge.kaspiclient.shop.OrderState.ARCHIVE;
            case UNKNOWN -> throw new IllegalArgumentException("UNKNOWN is not a state Kaspi can filter by");
        };
    }
}
