package kz.kaspibridge.pricelist.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import kz.kaspibridge.pricelist.catalog.CityPrice;
import kz.kaspibridge.pricelist.catalog.MerchantCatalog;
import kz.kaspibridge.pricelist.catalog.MerchantId;
import kz.kaspibridge.pricelist.catalog.Offer;
import kz.kaspibridge.pricelist.catalog.OfferRule;
import kz.kaspibridge.pricelist.catalog.StoreStock;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class FeedWriterTest {

    private static final Instant T = Instant.parse("2026-12-06T04:05:06Z");
    private static final String TRICKY = "Кофе & \"чай\" <'mix'> ]]> \uD83D\uDE00\ttab";

    @Test
    void textReadsBackExactlyAsSentEscapedOnce() throws Exception {
        MerchantCatalog catalog = new MerchantCatalog(new MerchantId("m1"));
        catalog.upsert(new Offer("A1", TRICKY, "Brand & Sons", 100L, List.of()), T);
        catalog.stock("A1", new StoreStock("PP1", 2, true, 3), T);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FeedWriter(ZoneId.of("Asia/Almaty")).write(new FeedWriter.Header("Co <1>", "m1", T), catalog, out,
                excluded -> { });

        String xml = out.toString(StandardCharsets.UTF_8);
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>").doesNotContain("&amp;amp;");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(out.toByteArray()));
        Element root = doc.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(FeedWriter.NAMESPACE);
        assertThat(root.getLocalName()).isEqualTo("kaspi_catalog");
        assertThat(root.getAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "schemaLocation"))
                .isEqualTo(FeedWriter.SCHEMA_LOCATION);
        assertThat(root.getAttribute("date")).isEqualTo("2026-12-06T09:05:06");
        assertThat(text(doc, "company")).isEqualTo("Co <1>");
        assertThat(text(doc, "model")).isEqualTo(TRICKY);
        assertThat(text(doc, "brand")).isEqualTo("Brand & Sons");
        Element availability = (Element) doc.getElementsByTagNameNS(FeedWriter.NAMESPACE, "availability").item(0);
        assertThat(availability.getAttribute("preOrder")).isEqualTo("3");
    }

    @Test
    void offersBreakingARuleAreHandedOverAndTheRestWritten() throws Exception {
        MerchantCatalog catalog = new MerchantCatalog(new MerchantId("m1"));
        catalog.upsert(new Offer("OK1", "M", "B", null, List.of(new CityPrice("750000000", 9))), T);
        catalog.stock("OK1", new StoreStock("PP1", 2, true, 0), T);
        catalog.upsert(new Offer("NOSTOCK", "M", "B", 5L, List.of()), T);
        List<ExcludedOffer> excluded = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        FeedWriter.Written written = new FeedWriter(ZoneId.of("UTC")).write(new FeedWriter.Header("Co", "m1", T),
                catalog, out, excluded::add);

        assertThat(written.offers()).isEqualTo(1);
        assertThat(written.excluded()).isEqualTo(1);
        assertThat(written.excludedByRule()).containsEntry(OfferRule.NO_STORES, 1);
        assertThat(excluded).extracting(ExcludedOffer::sku).containsExactly("NOSTOCK");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("<cityprices><cityprice cityId=\"750000000\">9"
                + "</cityprice></cityprices>").doesNotContain("NOSTOCK");
    }

    private static String text(Document doc, String element) {
        return doc.getElementsByTagNameNS(FeedWriter.NAMESPACE, element).item(0).getTextContent();
    }
}
