package kz.kaspibridge.kaspiclient.shop;

import java.time.Instant;

/** The {@code kaspiDelivery} block of a Kaspi Delivery order; waybill appears after ASSEMBLE. */
public record KaspiDeliveryInfo(String waybill, String waybillNumber, Instant courierTransmissionDate,
                                Instant courierTransmissionPlanningDate, boolean express,
                                boolean returnedToWarehouse) {
}
