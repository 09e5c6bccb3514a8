package kz.kaspibridge.sandbox.faults;

import org.springframework.http.HttpMethod;

/** Names the Kaspi operation a request is, for fault rules and metrics; null for anything else. */
final class Operations {

    private Operations() {
    }

    static String of(HttpMethod method, String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (trimmed.startsWith("/shop/api/v2/orders")) {
            String rest = trimmed.substring("/shop/api/v2/orders".length());
            if (rest.isEmpty()) {
                return HttpMethod.POST.equals(method) ? "orders.update" : "orders.list";
            }
            return rest.endsWith("/entries") ? "orders.entries" : "orders.get";
        }
        if (trimmed.startsWith("/delivery/v1/deliveries")) {
            String rest = trimmed.substring("/delivery/v1/deliveries".length());
            if (rest.isEmpty()) {
                return "delivery.create";
            }
            return rest.endsWith("/cancel") ? "delivery.cancel" : "delivery.get";
        }
        return null;
    }
}
