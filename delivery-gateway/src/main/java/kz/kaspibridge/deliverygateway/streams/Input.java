package kz.kaspibridge.deliverygateway.streams;

import kz.kaspibridge.deliverygateway.kaspi.Outcome;
import kz.kaspibridge.schemas.delivery.DeliveryCommand;
import kz.kaspibridge.schemas.delivery.DeliveryStatusReported;

/** What reaches the delivery processor, from its three sources (merged, so never serialized). */
sealed interface Input {

    /** A {@code BookDelivery} or {@code CancelDelivery} from {@code kaspi.delivery-commands}. */
    record Command(DeliveryCommand command) implements Input {
    }

    /** A webhook relayed by webhook-ingress on {@code kaspi.delivery-status-reports}. */
    record Report(DeliveryStatusReported report) implements Input {
    }

    /** What the Delivery API answered to one of our intents. */
    record Answer(Outcome outcome) implements Input {
    }
}
