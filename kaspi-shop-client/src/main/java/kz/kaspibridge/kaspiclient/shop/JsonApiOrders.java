package kz.kaspibridge.kaspiclient.shop;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads Kaspi's JSON:API documents into the client's types. Strict where the fields matter (id,
 * code, status, state, dates, prices) and lenient elsewhere; a violation throws
 * IllegalArgumentException, which the client reports as a malformed response.
 */
final class JsonApiOrders {

    /** One page of {@code GET /orders}. */
    record Page(List<KaspiOrder> orders, int pageCount, long totalCount) {
    }

    private JsonApiOrders() {
    }

    static Page page(JsonNode document) {
        JsonNode data = require(document, "data");
        if (!data.isArray()) {
            throw new IllegalArgumentException("data is not an array");
        }
        Map<String, JsonNode> included = included(document);
        List<KaspiOrder> orders = new ArrayList<>();
        for (JsonNode resource : data) {
            orders.add(order(resource, included));
        }
        JsonNode meta = document.path("meta");
        int pageCount = meta.path("pageCount").isNumber() ? meta.path("pageCount").asInt() : (orders.isEmpty() ? 0 : 1);
        long totalCount = meta.path("totalCount").isNumber() ? meta.path("totalCount").asLong() : orders.size();
        return new Page(orders, pageCount, totalCount);
    }

    static KaspiOrder single(JsonNode document) {
        JsonNode data = require(document, "data");
        if (!data.isObject()) {
            throw new IllegalArgumentException("data is not an object");
        }
        return order(data, included(document));
    }

    static List<OrderEntry> entries(JsonNode document) {
        JsonNode data = require(document, "data");
        List<OrderEntry> entries = new ArrayList<>();
        for (JsonNode resource : data) {
            entries.add(entry(resource));
        }
        return entries;
    }

    private static Map<String, JsonNode> included(JsonNode document) {
        Map<String, JsonNode> byKey = new HashMap<>();
        for (JsonNode resource : document.path("included")) {
            byKey.put(resource.path("type").asString("") + "/" + resource.path("id").asString(""), resource);
        }
        return byKey;
    }

    private static KaspiOrder order(JsonNode resource, Map<String, JsonNode> included) {
        JsonNode a = require(resource, "attributes");
        List<OrderEntry> entries = new ArrayList<>();
        for (JsonNode reference : resource.path("relationships").path("entries").path("data")) {
            JsonNode entry = included.get(reference.path("type").asString("") + "/" + reference.path("id").asString(""));
            if (entry == null) {
                throw new IllegalArgumentException("entry referenced but not included");
            }
            entries.add(entry(entry));
        }
        return new KaspiOrder(
                new OrderId(text(resource, "id")),
                new OrderCode(text(a, "code")),
                OrderStatus.parse(text(a, "status")),
                OrderState.parse(text(a, "state")),
                instant(require(a, "creationDate")),
                instant(a.path("approvedByBankDate")),
                instant(a.path("plannedDeliveryDate")),
                tenge(require(a, "totalPrice")),
                tenge(a.path("deliveryCost")),
                tenge(a.path("deliveryCostForSeller")),
                optionalText(a, "paymentMode"),
                a.path("deliveryMode").isString() ? DeliveryMode.parse(a.path("deliveryMode").asString()) : null,
                a.path("isKaspiDelivery").asBoolean(false),
                kaspiDelivery(a.path("kaspiDelivery")),
                a.path("preOrder").asBoolean(false),
                a.path("signatureRequired").asBoolean(false),
                a.path("creditTerm").asInt(0),
                optionalText(a, "pickupPointId"),
                optionalText(a, "cancellationReason"),
                address(a.path("deliveryAddress")),
                customer(a.path("customer")),
                entries);
    }

    private static OrderEntry entry(JsonNode resource) {
        JsonNode a = require(resource, "attributes");
        JsonNode offer = a.path("offer");
        JsonNode category = a.path("category");
        return new OrderEntry(
                text(resource, "id"),
                text(offer, "code"),
                optionalText(offer, "name"),
                require(a, "quantity").asInt(),
                tenge(require(a, "basePrice")),
                tenge(require(a, "totalPrice")),
                a.path("weight").asDouble(0),
                optionalText(category, "code"),
                optionalText(category, "title"),
                optionalText(resource.path("relationships").path("deliveryPointOfService").path("data"), "id"));
    }

    private static KaspiDeliveryInfo kaspiDelivery(JsonNode block) {
        if (!block.isObject()) {
            return null;
        }
        return new KaspiDeliveryInfo(optionalText(block, "waybill"), optionalText(block, "waybillNumber"),
                instant(block.path("courierTransmissionDate")), instant(block.path("courierTransmissionPlanningDate")),
                block.path("express").asBoolean(false), block.path("returnedToWarehouse").asBoolean(false));
    }

    private static DeliveryAddress address(JsonNode block) {
        if (!block.isObject()) {
            return null;
        }
        return new DeliveryAddress(optionalText(block, "streetName"), optionalText(block, "streetNumber"),
                optionalText(block, "town"), optionalText(block, "district"), optionalText(block, "building"),
                optionalText(block, "apartment"), optionalText(block, "formattedAddress"),
                block.path("latitude").isNumber() ? block.path("latitude").asDouble() : null,
                block.path("longitude").isNumber() ? block.path("longitude").asDouble() : null);
    }

    private static Customer customer(JsonNode block) {
        if (!block.isObject()) {
            return null;
        }
        return new Customer(optionalText(block, "id"), optionalText(block, "firstName"),
                optionalText(block, "lastName"), optionalText(block, "cellPhone"));
    }

    private static JsonNode require(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = require(node, field);
        if (!value.isString()) {
            throw new IllegalArgumentException(field + " is not a string");
        }
        return value.asString();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }

    /** Kaspi sends whole tenge as decimals (4000.0). */
    private static long tenge(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return 0;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException("a price is not a number");
        }
        return Math.round(value.asDouble());
    }

    private static Instant instant(JsonNode epochMillis) {
        if (epochMillis.isMissingNode() || epochMillis.isNull()) {
            return null;
        }
        if (!epochMillis.isNumber()) {
            throw new IllegalArgumentException("a date is not epoch milliseconds");
        }
        return Instant.ofEpochMilli(epochMillis.asLong());
    }
}
