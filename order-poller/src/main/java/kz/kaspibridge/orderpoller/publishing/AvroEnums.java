package kz.kaspibridge.orderpoller.publishing;

import kz.kaspibridge.orderpoller.polling.OrderState;
import kz.kaspibridge.orderpoller.polling.OrderStatus;

/**
 * The one place where the domain's status and state become the contracts' Avro enums. Switches, so
 * that a constant added to the domain fails the build here rather than {@code valueOf} at run time.
 */
final class AvroEnums {

    private AvroEnums() {
    }

    static kz.kaspibridge.schemas.common.OrderStatus status(OrderStatus status) {
        return switch (status) {
            case APPROVED_BY_BANK -> kz.kaspibridge.schemas.common.OrderStatus.APPROVED_BY_BANK;
            case ACCEPTED_BY_MERCHANT -> kz.kaspibridge.schemas.common.OrderStatus.ACCEPTED_BY_MERCHANT;
            case COMPLETED -> kz.kaspibridge.schemas.common.OrderStatus.COMPLETED;
            case CANCELLED -> kz.kaspibridge.schemas.common.OrderStatus.CANCELLED;
            case CANCELLING -> kz.kaspibridge.schemas.common.OrderStatus.CANCELLING;
            case KASPI_DELIVERY_RETURN_REQUESTED -> kz.kaspibridge.schemas.common.OrderStatus.KASPI_DELIVERY_RETURN_REQUESTED;
            case RETURN_ACCEPTED_BY_MERCHANT -> kz.kaspibridge.schemas.common.OrderStatus.RETURN_ACCEPTED_BY_MERCHANT;
            case RETURNED -> kz.kaspibridge.schemas.common.OrderStatus.RETURNED;
            case UNKNOWN -> kz.kaspibridge.schemas.common.OrderStatus.UNKNOWN;
        };
    }

    static kz.kaspibridge.schemas.common.OrderState state(OrderState state) {
        return switch (state) {
            case NEW -> kz.kaspibridge.schemas.common.OrderState.NEW;
            case SIGN_REQUIRED -> kz.kaspibridge.schemas.common.OrderState.SIGN_REQUIRED;
            case PICKUP -> kz.kaspibridge.schemas.common.OrderState.PICKUP;
            case DELIVERY -> kz.kaspibridge.schemas.common.OrderState.DELIVERY;
            case KASPI_DELIVERY -> kz.kaspibridge.schemas.common.OrderState.KASPI_DELIVERY;
            case ARCHIVE -> kz.kaspibridge.schemas.common.OrderState.ARCHIVE;
            case UNKNOWN -> kz.kaspibridge.schemas.common.OrderState.UNKNOWN;
        };
    }
}
