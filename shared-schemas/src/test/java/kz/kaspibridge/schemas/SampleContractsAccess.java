package kz.kaspibridge.schemas;

import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.orders.OrderReceived;

/** Opens the package-private samples to tests in sub-packages. */
public final class SampleContractsAccess {
    private SampleContractsAccess() {
    }

    public static EventMetadata metadata() {
        return SampleContracts.metadata();
    }

    public static OrderReceived orderReceived() {
        return SampleContracts.orderReceived();
    }
}
