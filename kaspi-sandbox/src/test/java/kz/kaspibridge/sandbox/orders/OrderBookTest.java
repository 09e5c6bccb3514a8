package kz.kaspibridge.sandbox.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OrderBookTest {

    private static final Instant NOW = Instant.parse("2025-03-15T12:00:00Z");
    private final OrderBook book = new OrderBook(Clock.fixed(NOW, ZoneOffset.UTC), 1);

    @Test
    void seedsAHundredThousandOrdersInMemoryAndPagesThem() {
        int created = book.seed(new BulkSeed(null, 100_000, NOW.minus(Duration.ofDays(30)), NOW, null),
                List.of("m1", "m2"));

        assertThat(created).isEqualTo(100_000);
        assertThat(book.size()).isEqualTo(100_000);
        OrderFilter lastWeek = new OrderFilter(NOW.minus(Duration.ofDays(7)), NOW, OrderState.NEW, Set.of());
        OrderPage first = book.list("m1", lastWeek, 0, 100);
        assertThat(first.totalCount()).isBetween(11_600L, 11_700L);
        assertThat(first.pageCount()).isEqualTo((int) ((first.totalCount() + 99) / 100));
        OrderPage last = book.list("m1", lastWeek, first.pageCount() - 1, 100);
        assertThat(last.orders()).isNotEmpty().allSatisfy(order -> assertThat(order.merchantId()).isEqualTo("m1"));
        assertThat(book.list("m1", lastWeek, first.pageCount(), 100).orders()).isEmpty();
    }

    @Test
    void generatedOrdersLookLikeKaspisAndCoverEveryDeliveryMode() {
        book.seed(new BulkSeed("m1", 200, NOW.minus(Duration.ofDays(1)), NOW, null), List.of("m1"));
        List<OrderSnapshot> orders = book.list("m1", new OrderFilter(NOW.minus(Duration.ofDays(1)), NOW,
                OrderState.NEW, Set.of()), 0, 100).orders();

        assertThat(orders).allSatisfy(order -> {
            assertThat(order.customer().firstName()).matches("\\p{IsCyrillic}+");
            assertThat(order.deliveryAddress().latitude()).isBetween(43.1, 43.4);
            assertThat(order.deliveryAddress().longitude()).isBetween(76.8, 77.1);
            assertThat(order.totalPrice()).isEqualTo(order.entries().stream().mapToLong(OrderEntry::totalPrice).sum());
        });
        assertThat(orders.stream().map(OrderSnapshot::deliveryMode).collect(Collectors.toSet()))
                .isEqualTo(EnumSet.allOf(DeliveryMode.class));
        assertThat(orders).anyMatch(OrderSnapshot::kaspiDelivery).anyMatch(order -> !order.kaspiDelivery());
    }

    @Test
    void generatedEntriesDrawOnTheAnnouncedSkusAndTheMerchantsPickupPoints() {
        List<OrderEntry> entries = IntStream.range(0, 100).mapToObj(i -> book.seed(OrderSeed.forMerchant("m1")))
                .flatMap(order -> order.entries().stream()).toList();

        // A test reports stock for these before it seeds, so an order's entry must be covered by them.
        assertThat(entries).extracting(OrderEntry::offerCode).isSubsetOf(OrderBook.generatedSkus())
                .containsAll(OrderBook.generatedSkus());
        assertThat(entries).extracting(OrderEntry::pointOfServiceId)
                .containsOnlyElementsOf(OrderBook.pickupPoints("m1"));
        assertThat(OrderBook.pickupPoints("m1")).containsExactly("m1_PP1", "m1_PP2", "m1_PP3");
    }

    @Test
    void listsByStateStatusAndInclusiveCreationWindow() {
        Instant edge = NOW.minus(Duration.ofHours(1));
        OrderSnapshot atEdge = book.seed(OrderSeed.forMerchant("m1").createdAt(edge));
        book.seed(OrderSeed.forMerchant("m1").createdAt(edge.minusMillis(1)));
        OrderSnapshot accepted = book.seed(OrderSeed.forMerchant("m1").createdAt(edge)
                .withStatus(OrderStatus.ACCEPTED_BY_MERCHANT).withDelivery(DeliveryMode.DELIVERY_PICKUP, false));

        assertThat(book.list("m1", new OrderFilter(edge, NOW, OrderState.NEW, Set.of()), 0, 10).orders())
                .extracting(OrderSnapshot::code).containsExactly(atEdge.code());
        assertThat(book.list("m1", new OrderFilter(edge, NOW, OrderState.PICKUP,
                Set.of(OrderStatus.ACCEPTED_BY_MERCHANT)), 0, 10).orders())
                .extracting(OrderSnapshot::code).containsExactly(accepted.code());
        assertThat(book.list("m2", new OrderFilter(edge, NOW, OrderState.NEW, Set.of()), 0, 10).totalCount()).isZero();
    }
}
