package kz.kaspibridge.kaspiclient.shop;

import java.util.List;

/**
 * One page of one listing (one state, one window), for callers that pace their own calls page by
 * page, as the poller's status sync does to stay within its budget.
 *
 * @param orders    the page's orders
 * @param pageCount pages of the whole listing, as Kaspi counts them
 */
public record OrderPage(List<KaspiOrder> orders, int pageCount) {
    public OrderPage {
        orders = List.copyOf(orders);
    }
}
