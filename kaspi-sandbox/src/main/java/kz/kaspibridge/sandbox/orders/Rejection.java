package kz.kaspibridge.sandbox.orders;

import java.util.Optional;

/**
 * Why Kaspi refused a status change, with the title its {@code {"errors":[{"title":…}]}} body
 * carries. The titles are the sandbox's best rendering of Kaspi's; clients match on status code
 * and surface the title, never parse it.
 */
public record Rejection(String title) {

    public static final String INVALID_SECURITY_CODE = "Invalid security code";
    public static final String ALREADY_COMPLETED = "Order is already completed";
    public static final String ORDER_CANCELLED = "Order is cancelled";
    public static final String SECURITY_CODE_REQUIRED = "Security code is required";

    static Optional<Rejection> of(String title) {
        return Optional.of(new Rejection(title));
    }

    static Optional<Rejection> none() {
        return Optional.empty();
    }
}
