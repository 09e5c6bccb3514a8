package kz.kaspibridge.ordercommand.commands;

import java.util.Objects;
import kz.kaspibridge.ordercommand.orders.MerchantId;
import kz.kaspibridge.ordercommand.orders.OrderCode;
import kz.kaspibridge.ordercommand.orders.OrderStatus;

/** The little a command needs to know about its order: whose it is, its last known status, how it ships. */
public record KnownOrder(OrderCode code, MerchantId merchant, OrderStatus status, boolean kaspiDelivery) {

    public KnownOrder {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(status, "status");
    }

    public KnownOrder withStatus(OrderStatus newStatus) {
        return new KnownOrder(code, merchant, newStatus, kaspiDelivery);
    }
}
