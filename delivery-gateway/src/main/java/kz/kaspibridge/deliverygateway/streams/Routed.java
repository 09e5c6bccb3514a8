package kz.kaspibridge.deliverygateway.streams;

import kz.kaspibridge.deliverygateway.kaspi.Intent;
import kz.kaspibridge.schemas.delivery.DeliveryCommand;
import kz.kaspibridge.schemas.delivery.DeliveryEvent;

/** What the delivery processor forwards, split by type into the sinks. */
sealed interface Routed {

    record Event(DeliveryEvent event) implements Routed {
    }

    record Request(Intent intent) implements Routed {
    }

    /** A command that cannot be carried out, with its reason in the {@code kafka_dlt-*} headers. */
    record Dead(DeliveryCommand command) implements Routed {
    }
}
