package kz.kaspibridge.sandbox.shopapi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kz.kaspibridge.sandbox.orders.Address;
import kz.kaspibridge.sandbox.orders.OrderEntry;
import kz.kaspibridge.sandbox.orders.OrderSnapshot;

/**
 * Renders orders and entries as Kaspi's JSON:API documents. Like Kaspi, money goes out as decimals
 * ({@code 4000.0}) and dates as epoch milliseconds; clients must not rely on more.
 */
final class OrderDocuments {

    private final String apiBase;

    OrderDocuments(String apiBase) {
        this.apiBase = apiBase;
    }

    Map<String, Object> single(OrderSnapshot order, boolean includeEntries) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("data", order(order, includeEntries));
        document.put("included", includeEntries ? entries(order.entries()) : List.of());
        return document;
    }

    Map<String, Object> list(List<OrderSnapshot> orders, int pageCount, long totalCount, boolean includeEntries) {
        List<Object> data = new ArrayList<>();
        List<Object> included = new ArrayList<>();
        for (OrderSnapshot order : orders) {
            data.add(order(order, includeEntries));
            if (includeEntries) {
                included.addAll(entries(order.entries()));
            }
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("data", data);
        document.put("included", included);
        document.put("meta", Map.of("pageCount", pageCount, "totalCount", totalCount));
        return document;
    }

    List<Object> entries(List<OrderEntry> entries) {
        List<Object> resources = new ArrayList<>();
        for (OrderEntry entry : entries) {
            resources.add(entry(entry));
        }
        return resources;
    }

    private Map<String, Object> order(OrderSnapshot order, boolean includeEntries) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("code", order.code());
        attributes.put("totalPrice", (double) order.totalPrice());
        attributes.put("paymentMode", order.paymentMode());
        attributes.put("plannedDeliveryDate", millis(order.plannedDeliveryDate()));
        attributes.put("creationDate", millis(order.creationDate()));
        attributes.put("deliveryCostForSeller", (double) order.deliveryCostForSeller());
        attributes.put("isKaspiDelivery", order.kaspiDelivery());
        attributes.put("deliveryMode", order.deliveryMode().name());
        attributes.put("deliveryAddress", address(order.deliveryAddress()));
        attributes.put("signatureRequired", order.signatureRequired());
        attributes.put("creditTerm", order.creditTerm());
        attributes.put("preOrder", order.preOrder());
        attributes.put("pickupPointId", order.pickupPointId());
        attributes.put("state", order.state().name());
        attributes.put("approvedByBankDate", millis(order.approvedByBankDate()));
        attributes.put("status", order.status().name());
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("id", order.customer().id());
        customer.put("name", null);
        customer.put("cellPhone", order.customer().cellPhone());
        customer.put("firstName", order.customer().firstName());
        customer.put("lastName", order.customer().lastName());
        attributes.put("customer", customer);
        attributes.put("deliveryCost", (double) order.deliveryCost());
        if (order.kaspiDelivery()) {
            attributes.put("kaspiDelivery", kaspiDelivery(order));
        }
        if (order.cancellationReason() != null) {
            attributes.put("cancellationReason", order.cancellationReason());
        }
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("links", Map.of(
                "self", apiBase + "/orders/" + order.id() + "/relationships/entries",
                "related", apiBase + "/orders/" + order.id() + "/entries"));
        if (includeEntries) {
            List<Object> references = new ArrayList<>();
            order.entries().forEach(entry -> references.add(Map.of("type", "orderentries", "id", entry.id())));
            entries.put("data", references);
        }
        Map<String, Object> relationships = new LinkedHashMap<>();
        relationships.put("user", Map.of("data", Map.of("type", "customers", "id", order.customer().id())));
        relationships.put("entries", entries);
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("type", "orders");
        resource.put("id", order.id());
        resource.put("attributes", attributes);
        resource.put("relationships", relationships);
        resource.put("links", Map.of("self", apiBase + "/orders/" + order.id()));
        return resource;
    }

    private static Map<String, Object> kaspiDelivery(OrderSnapshot order) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("waybill", order.waybill());
        block.put("waybillNumber", order.waybill() == null ? null : "WB" + order.code());
        block.put("courierTransmissionDate", null);
        block.put("courierTransmissionPlanningDate", millis(order.plannedDeliveryDate()));
        block.put("express", false);
        block.put("returnedToWarehouse", false);
        block.put("firstMileCourier", null);
        return block;
    }

    private static Map<String, Object> address(Address address) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("streetName", address.streetName());
        block.put("streetNumber", address.streetNumber());
        block.put("town", address.town());
        block.put("district", address.district());
        block.put("building", address.building());
        block.put("apartment", address.apartment());
        block.put("formattedAddress", address.formattedAddress());
        block.put("latitude", address.latitude());
        block.put("longitude", address.longitude());
        return block;
    }

    private Map<String, Object> entry(OrderEntry entry) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("quantity", entry.quantity());
        attributes.put("basePrice", (double) entry.basePrice());
        attributes.put("totalPrice", (double) entry.totalPrice());
        attributes.put("offer", Map.of("code", entry.offerCode(), "name", entry.offerName()));
        attributes.put("weight", entry.weightKg());
        attributes.put("category", Map.of("code", entry.categoryCode(), "title", entry.categoryTitle()));
        attributes.put("deliveryCost", 0.0);
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("type", "orderentries");
        resource.put("id", entry.id());
        resource.put("attributes", attributes);
        resource.put("relationships", Map.of(
                "product", Map.of("data", Map.of("type", "masterproducts", "id", entry.offerCode())),
                "deliveryPointOfService", Map.of("data",
                        Map.of("type", "deliverypointofservices", "id", entry.pointOfServiceId()))));
        resource.put("links", Map.of("self", apiBase + "/orderentries/" + entry.id()));
        return resource;
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
