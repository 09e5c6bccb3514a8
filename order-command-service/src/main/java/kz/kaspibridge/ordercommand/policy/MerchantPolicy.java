package kz.kaspibridge.ordercommand.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import kz.kaspibridge.ordercommand.commands.CancellationReason;
import kz.kaspibridge.ordercommand.orders.StoreId;

/**
 * One merchant's acceptance settings.
 *
 * @param manualDeadline     how long a held order waits for a command before it is reported overdue
 * @param cancelWhenOverdue  the reason to cancel an overdue held order with; empty (the default) only reports it
 * @param defaultStore       the store an entry draws on when Kaspi names no point of service
 * @param autoAssemblePlaces Kaspi Delivery orders are assembled into this many places after acceptance; empty
 *                           (the default) leaves assembling to a command
 */
public record MerchantPolicy(AcceptancePolicy policy, WhenShort whenShort, Duration manualDeadline,
                             Optional<CancellationReason> cancelWhenOverdue, StoreId defaultStore, Optional<Integer> autoAssemblePlaces) {

    public MerchantPolicy {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(whenShort, "whenShort");
        Objects.requireNonNull(manualDeadline, "manualDeadline");
        Objects.requireNonNull(cancelWhenOverdue, "cancelWhenOverdue");
        Objects.requireNonNull(defaultStore, "defaultStore");
        Objects.requireNonNull(autoAssemblePlaces, "autoAssemblePlaces");
        if (manualDeadline.isNegative() || manualDeadline.isZero()) {
            throw new IllegalArgumentException("manualDeadline must be positive: " + manualDeadline);
        }
        cancelWhenOverdue.ifPresent(reason -> {
            if (reason == CancellationReason.UNKNOWN) {
                throw new IllegalArgumentException("cancelWhenOverdue needs a reason Kaspi accepts");
            }
        });
        autoAssemblePlaces.ifPresent(places -> {
            if (places < 1) {
                throw new IllegalArgumentException("autoAssemblePlaces must be positive: " + places);
            }
        });
    }
}
