package kz.kaspibridge.kaspiclient.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Parses the example answer of Kaspi's own documentation (shop-api-order-attributes.ru). */
class JsonApiOrdersTest {

    private static final String KASPI_EXAMPLE = """
            {"data":[{"type":"orders","id":"orderId","attributes":{"code":"ordercode","totalPrice":4000.0,
              "paymentMode":"PAY_WITH_CREDIT","plannedDeliveryDate":1706896790999,"creationDate":1706608613252,
              "deliveryCostForSeller":0.0,"isKaspiDelivery":false,"deliveryMode":"DELIVERY_LOCAL",
              "deliveryAddress":{"streetName":"улица Наурызбай батыра","streetNumber":"154А","town":"Алматы",
                "district":null,"building":null,"apartment":null,
                "formattedAddress":"Алматы, улица Наурызбай батыра, 154А","latitude":43.240013,"longitude":76.938854},
              "signatureRequired":false,"creditTerm":3,"preOrder":false,"pickupPointId":"merchant_PP1",
              "state":"DELIVERY","approvedByBankDate":1706608657792,"status":"ACCEPTED_BY_MERCHANT",
              "customer":{"id":"customerId","name":null,"cellPhone":"7750000000","firstName":"customerfirstname",
                "lastName":"customerlastname"},"deliveryCost":500.0},
              "relationships":{"user":{"data":{"type":"customers","id":"customerId"}},
                "entries":{"links":{"related":"https://kaspi.kz/shop/api/v2/orders/orderId/entries"}}},
              "links":{"self":"https://kaspi.kz/shop/api/v2/orders/orderId"}}],
             "included":[],"meta":{"pageCount":1,"totalCount":1}}
            """;

    private final JsonMapper json = JsonMapper.shared();

    @Test
    void readsKaspisDocumentedExample() {
        JsonApiOrders.Page page = JsonApiOrders.page(json.readTree(KASPI_EXAMPLE));

        assertThat(page.pageCount()).isEqualTo(1);
        assertThat(page.totalCount()).isEqualTo(1);
        KaspiOrder order = page.orders().get(0);
        assertThat(order.id()).isEqualTo(new OrderId("orderId"));
        assertThat(order.code()).isEqualTo(new OrderCode("ordercode"));
        assertThat(order.totalPrice()).isEqualTo(4000L);
        assertThat(order.deliveryCost()).isEqualTo(500L);
        assertThat(order.creationDate()).isEqualTo(Instant.ofEpochMilli(1706608613252L));
        assertThat(order.status()).isEqualTo(OrderStatus.ACCEPTED_BY_MERCHANT);
        assertThat(order.state()).isEqualTo(OrderState.DELIVERY);
        assertThat(order.deliveryMode()).isEqualTo(DeliveryMode.DELIVERY_LOCAL);
        assertThat(order.deliveryAddress().latitude()).isEqualTo(43.240013);
        assertThat(order.customer().cellPhone()).isEqualTo("7750000000");
        assertThat(order.customer().toString()).doesNotContain("7750000000").doesNotContain("customerfirstname");
        assertThat(order.kaspiDelivery()).isEmpty();
        assertThat(order.entries()).isEmpty();
    }

    @Test
    void aStatusStateOrDeliveryModeThatKaspiAddsLaterIsReadAsUnknown() {
        KaspiOrder order = JsonApiOrders.page(json.readTree(KASPI_EXAMPLE.replace("ACCEPTED_BY_MERCHANT", "TELEPORTED")
                .replace("\"DELIVERY\"", "\"DRONE\"").replace("DELIVERY_LOCAL", "DELIVERY_BY_DRONE"))).orders().get(0);

        assertThat(order.status()).isEqualTo(OrderStatus.UNKNOWN);
        assertThat(order.state()).isEqualTo(OrderState.UNKNOWN);
        assertThat(order.deliveryMode()).isEqualTo(DeliveryMode.UNKNOWN);
        assertThat(order.code()).isEqualTo(new OrderCode("ordercode"));
    }

    @Test
    void unknownIsNeverSentAsAFilter() {
        Instant now = Instant.parse("2026-11-25T00:00:00Z");
        assertThatThrownBy(() -> OrderQuery.createdBetween(now, now, OrderState.UNKNOWN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingCodeIsRefused() {
        assertThatThrownBy(() -> JsonApiOrders.page(json.readTree(KASPI_EXAMPLE.replace("\"code\":\"ordercode\",", ""))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
