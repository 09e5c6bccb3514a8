package kz.kaspibridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import kz.kaspibridge.sandbox.calls.CallKind;
import kz.kaspibridge.sandbox.faults.FaultRule;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.sandbox.orders.OrderSnapshot;
import kz.kaspibridge.sandbox.orders.OrderStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The sandbox's own HTTP behaviour, raw, without the client: the quirks a client must cope with
 * and the admin API. The client's tests cover the happy paths through the real client.
 */
class KaspiSandboxIT {

    private static final MediaType JSON_API = MediaType.valueOf("application/vnd.api+json");
    private static KaspiSandbox sandbox;
    private WebTestClient http;

    @BeforeAll
    static void start() {
        sandbox = KaspiSandbox.start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.admin().reset();
        http = WebTestClient.bindToServer().baseUrl(sandbox.baseUrl()).responseTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void shopApiWithoutAcceptAnswers404WithAnHtmlPage() {
        http.get().uri("/shop/api/v2/orders/anything")
                .header("X-Auth-Token", sandbox.tokenOf("m1"))
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).value(body -> assertThat(body).contains("<html"));
    }

    @Test
    void shopApiWithAWrongTokenAnswers401() {
        http.get().uri("/shop/api/v2/orders/anything")
                .accept(JSON_API)
                .header("X-Auth-Token", "not-a-sandbox-token")
                .exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void listingRefusesAWindowOverFourteenDays() {
        long now = sandbox.admin().now().toEpochMilli();
        long fifteenDaysAgo = now - Duration.ofDays(15).toMillis();
        http.get().uri(uri -> uri.path("/shop/api/v2/orders")
                        .queryParam("page[number]", 0).queryParam("page[size]", 20)
                        .queryParam("filter[orders][state]", "NEW")
                        .queryParam("filter[orders][creationDate][$ge]", fifteenDaysAgo)
                        .queryParam("filter[orders][creationDate][$le]", now).build())
                .accept(JSON_API).header("X-Auth-Token", sandbox.tokenOf("m1"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].title").isEqualTo("Exceeded the maximum difference between dates: 14 days");
    }

    @Test
    void listingRequiresTheStateFilter() {
        http.get().uri(uri -> uri.path("/shop/api/v2/orders")
                        .queryParam("page[number]", 0).queryParam("page[size]", 20)
                        .queryParam("filter[orders][creationDate][$ge]", 0).build())
                .accept(JSON_API).header("X-Auth-Token", sandbox.tokenOf("m1"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].title").value(title -> assertThat((String) title).contains("filter[orders][state]"));
    }

    @Test
    void aMerchantSeesOnlyItsOwnOrders() {
        OrderSnapshot order = sandbox.admin().seedOrder(OrderSeed.forMerchant("m2"));
        http.get().uri("/shop/api/v2/orders/{id}", order.id())
                .accept(JSON_API).header("X-Auth-Token", sandbox.tokenOf("m1"))
                .exchange()
                .expectStatus().isNotFound();
        http.get().uri("/shop/api/v2/orders/{id}", order.id())
                .accept(JSON_API).header("X-Auth-Token", sandbox.tokenOf("m2"))
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.data.attributes.code").isEqualTo(order.code());
    }

    @Test
    void adminApiSeedsCancelsAndCounts() {
        http.post().uri("/sandbox/admin/orders").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"merchantId\":\"m1\",\"code\":\"700000001\",\"status\":\"ACCEPTED_BY_MERCHANT\"}")
                .exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.code").isEqualTo("700000001");
        http.post().uri("/sandbox/admin/orders/700000001/buyer-cancel")
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.order.status").isEqualTo("CANCELLED");
        http.post().uri("/sandbox/admin/orders/bulk").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"count\":30,\"from\":\"2025-01-01T00:00:00Z\",\"to\":\"2025-01-05T00:00:00Z\"}")
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.created").isEqualTo(30);
        http.post().uri("/sandbox/admin/clock/advance?by=PT2H").exchange().expectStatus().isOk();
        assertThat(sandbox.admin().orderCount()).isEqualTo(31);
        assertThat(sandbox.admin().order("700000001").map(OrderSnapshot::status)).contains(OrderStatus.CANCELLED);
        assertThat(sandbox.admin().now()).isAfter(Instant.now().plus(Duration.ofMinutes(119)));
        assertThat(sandbox.admin().calls(CallKind.ORDER_ACCEPT, "700000001")).isZero();
    }

    @Test
    void adminApiInjectsAFaultThatHitsOnlyItsOperation() {
        http.post().uri("/sandbox/admin/faults").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"operation\":\"delivery.get\",\"type\":\"SERVER_ERROR\",\"probability\":1,\"times\":1,\"status\":502}")
                .exchange().expectStatus().isCreated();
        http.get().uri("/delivery/v1/deliveries/dlv_x").header("x-api-key", "sandbox-delivery-key")
                .exchange().expectStatus().isEqualTo(502);
        http.get().uri("/delivery/v1/deliveries/dlv_x").header("x-api-key", "sandbox-delivery-key")
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void anAppliedThenErrorFaultChangesTheOrderAndAnswersTheErrorInstead() {
        OrderSnapshot order = sandbox.admin().seedOrder(OrderSeed.forMerchant("m1"));
        sandbox.admin().injectFault(FaultRule.appliedThenError("orders.update", 504).times(1));
        String accept = "{\"data\":{\"type\":\"orders\",\"id\":\"" + order.id()
                + "\",\"attributes\":{\"code\":\"" + order.code() + "\",\"status\":\"ACCEPTED_BY_MERCHANT\"}}}";

        http.post().uri("/shop/api/v2/orders").header("X-Auth-Token", sandbox.tokenOf("m1"))
                .contentType(JSON_API).accept(JSON_API).bodyValue(accept)
                .exchange().expectStatus().isEqualTo(504)
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);

        assertThat(sandbox.admin().order(order.code()).map(OrderSnapshot::status))
                .contains(OrderStatus.ACCEPTED_BY_MERCHANT);
        assertThat(sandbox.admin().calls(CallKind.ORDER_ACCEPT, order.code())).isEqualTo(1);
        // Retired after one hit: the client's second try is answered as Kaspi would, refused.
        http.post().uri("/shop/api/v2/orders").header("X-Auth-Token", sandbox.tokenOf("m1"))
                .contentType(JSON_API).accept(JSON_API).bodyValue(accept)
                .exchange().expectStatus().isBadRequest();
    }

    @Test
    void actuatorServesPrometheusMetrics() {
        http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }
}
