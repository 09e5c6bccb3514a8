package kz.kaspibridge.pricelist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import kz.kaspibridge.pricelist.feed.FeedSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The publisher against a real broker and registry: offers and available stock written to their topics come out as
 * the served file, checked over real HTTP.
 */
class PricelistPublisherIT {

    private static final String LOCKED = "locked-" + UUID.randomUUID();
    private static Publisher publisher;

    @BeforeAll
    static void start() {
        publisher = Publisher.start(Map.of(
                "pricelist-publisher.merchants[0].id", LOCKED,
                "pricelist-publisher.merchants[0].company", "Locked & Co",
                "pricelist-publisher.merchants[0].username", "kaspi",
                "pricelist-publisher.merchants[0].password", "made-up-test-password"));
    }

    @AfterAll
    static void stop() {
        publisher.close();
    }

    @Test
    void theFileEscapesOnceCarriesTheNamespaceAndValidatesAgainstTheShippedSchema() throws Exception {
        String merchant = "m-" + UUID.randomUUID();
        try (CatalogRecords records = new CatalogRecords(merchant)) {
            records.offer("XK-100UB", "Смартфон \"Tom & Jerry\" <mini>", "Apple", 450_000);
            records.stock("XK-100UB", "PP1", 25, true);
            records.cityOffer("CITY1", "Чайник", "Bosch", Map.of("750000000", 15_000L, "710000000", 15_500L));
            records.stock("CITY1", "PP1", 3, true);
            records.stock("CITY1", "PP2", 0, true);
            records.stock("CITY1", "PP3", 7, false);

            String xml = awaitFeed(merchant, body -> body.contains("CITY1") && body.contains("PP3"));

            assertThat(xml).contains("xmlns=\"kaspiShopping\"")
                    .contains("xsi:schemaLocation=\"kaspiShopping http://kaspi.kz/kaspishopping.xsd\"")
                    .contains("<merchantid>" + merchant + "</merchantid>")
                    .contains("<model>Смартфон \"Tom &amp; Jerry\" &lt;mini></model>")
                    .doesNotContain("&amp;amp;")
                    .contains("<price>450000</price>")
                    .contains("<cityprice cityId=\"710000000\">15500</cityprice>")
                    .contains("<cityprice cityId=\"750000000\">15000</cityprice>")
                    .contains("<availability available=\"yes\" storeId=\"PP1\" preOrder=\"0\" stockCount=\"3\"/>")
                    // Out of stock, and closed for the sku: both stay, marked "no".
                    .contains("<availability available=\"no\" storeId=\"PP2\" preOrder=\"0\" stockCount=\"0\"/>")
                    .contains("<availability available=\"no\" storeId=\"PP3\" preOrder=\"0\" stockCount=\"7\"/>")
                    .containsPattern("date=\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\"");
            assertThat(xml.indexOf("sku=\"CITY1\"")).isLessThan(xml.indexOf("sku=\"XK-100UB\""));
            // The JDK's own validator, independent of the one the service uses.
            SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                    .newSchema(getClass().getClassLoader().getResource(FeedSchema.RESOURCE))
                    .newValidator().validate(new StreamSource(new StringReader(xml)));
        }
    }

    @Test
    void aRemovedOfferLeavesTheFileAndAnInvalidOneIsExcludedAndReportedWhileTheRestIsServed() {
        String merchant = "m-" + UUID.randomUUID();
        try (CatalogRecords records = new CatalogRecords(merchant)) {
            records.offer("GONE1", "Kettle", "Bosch", 10_000);
            records.stock("GONE1", "PP1", 1, true);
            awaitFeed(merchant, body -> body.contains("GONE1"));

            records.remove("GONE1");
            records.offer("GOOD1", "Lamp", "Philips", 5_000);
            records.stock("GOOD1", "PP1", 2, true);
            records.offer("BAD1", "  ", "Philips", 0);
            records.stock("BAD1", "PP1", 2, true);
            records.offer("THIS-SKU-IS-FAR-TOO-LONG", "Lamp", "Philips", 5_000);
            records.stock("THIS-SKU-IS-FAR-TOO-LONG", "PP1", 2, true);

            String xml = awaitFeed(merchant, body -> body.contains("GOOD1"));
            assertThat(xml).doesNotContain("GONE1").doesNotContain("BAD1").doesNotContain("FAR-TOO-LONG");

            String report = publisher.get("/pricelist/" + merchant + "/report").body();
            assertThat(report).contains("\"offers\":1").contains("\"excludedOffers\":2")
                    .contains("\"sku\":\"BAD1\"").contains("\"rule\":\"model-blank\"")
                    .contains("\"rule\":\"price-not-positive\"")
                    .contains("\"sku\":\"THIS-SKU-IS-FAR-TOO-LONG\"").contains("\"rule\":\"sku-format\"")
                    .contains("\"sha256\":\"");
            assertThat(publisher.gauge("kaspi.pricelist.excluded", merchant, "model-blank")).isEqualTo(1.0);
            assertThat(publisher.gauge("kaspi.pricelist.excluded", merchant, "sku-format")).isEqualTo(1.0);
            assertThat(publisher.gauge("kaspi.pricelist.offers", merchant, null)).isEqualTo(1.0);
        }
    }

    @Test
    void conditionalRequestsGet304AndGzipIsServedWhenAsked() throws IOException {
        String merchant = "m-" + UUID.randomUUID();
        try (CatalogRecords records = new CatalogRecords(merchant)) {
            for (int i = 0; i < 40; i++) {
                records.offer("SKU" + i, "Model " + i, "Brand", 1_000 + i);
                records.stock("SKU" + i, "PP1", i, true);
            }
            String xml = awaitFeed(merchant, body -> body.contains("SKU39"));
            String path = "/pricelist/" + merchant + ".xml";
            HttpResponse<String> first = publisher.get(path);
            String etag = first.headers().firstValue("ETag").orElseThrow();
            String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();

            assertThat(publisher.get(path, "If-None-Match", etag).statusCode()).isEqualTo(304);
            assertThat(publisher.get(path, "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
            assertThat(publisher.get(path, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);

            HttpResponse<byte[]> gzipped = publisher.getBytes(path, "Accept-Encoding", "gzip");
            assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(xml);
            }
            assertThat(gzipped.body().length).isLessThan(xml.getBytes(StandardCharsets.UTF_8).length);

            HttpResponse<String> head = publisher.head(path);
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("ETag")).hasValue(etag);
            assertThat(head.body()).isEmpty();
        }
    }

    @Test
    void aMerchantWithCredentialsGets401WithoutThemAndTheFileWithThem() {
        try (CatalogRecords records = new CatalogRecords(LOCKED)) {
            records.offer("LOCK1", "Safe", "Brand", 9_000);
            records.stock("LOCK1", "PP1", 1, true);
            String path = "/pricelist/" + LOCKED + ".xml";
            String good = "Basic " + Base64.getEncoder().encodeToString("kaspi:made-up-test-password"
                    .getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.get(path, "Authorization", good).statusCode()
                    == 200);

            HttpResponse<String> none = publisher.get(path);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic");
            assertThat(none.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
            String wrong = "Basic " + Base64.getEncoder().encodeToString("kaspi:guess".getBytes(StandardCharsets.UTF_8));
            assertThat(publisher.get(path, "Authorization", wrong).statusCode()).isEqualTo(401);
            assertThat(publisher.get("/pricelist/" + LOCKED + "/report").statusCode()).isEqualTo(401);
            assertThat(publisher.get(path, "Authorization", good).body()).contains("<company>Locked &amp; Co</company>");
        }
    }

    @Test
    void anUnknownMerchantIs404WithAProblemBody() {
        HttpResponse<String> response = publisher.get("/pricelist/nobody-" + UUID.randomUUID() + ".xml");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"status\":404").contains("unknown-merchant");
    }

    private static String awaitFeed(String merchant, java.util.function.Predicate<String> ready) {
        String path = "/pricelist/" + merchant + ".xml";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> response = publisher.get(path);
            return response.statusCode() == 200 && ready.test(response.body());
        });
        return publisher.get(path).body();
    }
}
