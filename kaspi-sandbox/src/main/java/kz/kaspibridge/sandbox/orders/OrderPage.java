package kz.kaspibridge.sandbox.orders;

import java.util.List;

public record OrderPage(List<OrderSnapshot> orders, int pageCount, long totalCount) {
}
