package kz.kaspibridge.pricelist.feed;

import com.ctc.wstx.api.WstxOutputProperties;
import com.ctc.wstx.stax.WstxOutputFactory;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import kz.kaspibridge.pricelist.catalog.CatalogEntry;
import kz.kaspibridge.pricelist.catalog.CityPrice;
import kz.kaspibridge.pricelist.catalog.MerchantCatalog;
import kz.kaspibridge.pricelist.catalog.Offer;
import kz.kaspibridge.pricelist.catalog.OfferRule;
import kz.kaspibridge.pricelist.catalog.OfferScreen;
import kz.kaspibridge.pricelist.catalog.StoreStock;
import kz.kaspibridge.pricelist.catalog.Violation;

/**
 * Streams one merchant's {@code kaspi_catalog} document with Woodstox, offer by offer, never holding the document:
 * each offer is screened ({@link OfferScreen}) and written, or left out and handed to {@code excluded}. Woodstox
 * escapes text and attribute values (once: the values are written as the merchant sent them).
 */
public final class FeedWriter {

    public static final String NAMESPACE = "kaspiShopping";
    public static final String SCHEMA_LOCATION = "kaspiShopping http://kaspi.kz/kaspishopping.xsd";
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    /** The docs' form: {@code 2025-10-08T12:00:00}, local time of the merchant's zone, no offset. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final WstxOutputFactory factory = new WstxOutputFactory();
    private final ZoneId zone;

    public FeedWriter(ZoneId zone) {
        this.zone = zone;
        factory.setProperty(WstxOutputProperties.P_USE_DOUBLE_QUOTES_IN_XML_DECL, true);
    }

    /** What heads the file besides the offers. */
    public record Header(String company, String merchantId, Instant date) {
    }

    /** What one build wrote: offers in the file and, per rule, how many offers broke it. */
    public record Written(int offers, int excluded, Map<OfferRule, Integer> excludedByRule) {
    }

    public Written write(Header header, MerchantCatalog catalog, OutputStream out, Consumer<ExcludedOffer> excluded)
            throws XMLStreamException {
        XMLStreamWriter xml = factory.createXMLStreamWriter(out, "UTF-8");
        xml.writeStartDocument("utf-8", "1.0");
        xml.writeCharacters("\n");
        xml.setDefaultNamespace(NAMESPACE);
        xml.writeStartElement(NAMESPACE, "kaspi_catalog");
        xml.writeDefaultNamespace(NAMESPACE);
        xml.writeNamespace("xsi", XSI);
        xml.writeAttribute(XSI, "schemaLocation", SCHEMA_LOCATION);
        xml.writeAttribute("date", DATE.format(header.date().atZone(zone)));
        xml.writeCharacters("\n");
        element(xml, "company", header.company());
        element(xml, "merchantid", header.merchantId());
        xml.writeStartElement(NAMESPACE, "offers");
        xml.writeCharacters("\n");

        OfferScreen screen = new OfferScreen();
        Counts counts = new Counts();
        for (CatalogEntry entry : catalog.entries()) {
            List<Violation> violations = screen.check(entry.offer(), entry.stores());
            if (violations.isEmpty()) {
                offer(xml, entry.offer(), entry.stores());
                counts.offers++;
            } else {
                counts.excluded(violations);
                excluded.accept(new ExcludedOffer(entry.offer().sku(), violations));
            }
        }
        xml.writeEndElement();
        xml.writeCharacters("\n");
        xml.writeEndElement();
        xml.writeCharacters("\n");
        xml.writeEndDocument();
        xml.close();
        return new Written(counts.offers, counts.excluded, Map.copyOf(counts.byRule));
    }

    private void offer(XMLStreamWriter xml, Offer offer, StoreStock[] stores) throws XMLStreamException {
        xml.writeStartElement(NAMESPACE, "offer");
        xml.writeAttribute("sku", offer.sku());
        element(xml, "model", offer.model());
        element(xml, "brand", offer.brand());
        xml.writeStartElement(NAMESPACE, "availabilities");
        for (StoreStock store : stores) {
            xml.writeEmptyElement(NAMESPACE, "availability");
            // A store with nothing left stays, marked "no": dropping it would let Kaspi go on selling from it.
            xml.writeAttribute("available", store.sellable() ? "yes" : "no");
            xml.writeAttribute("storeId", store.storeId());
            xml.writeAttribute("preOrder", Integer.toString(store.preOrder()));
            xml.writeAttribute("stockCount", Integer.toString(store.stockCount()));
        }
        xml.writeEndElement();
        if (offer.price() != null) {
            element(xml, "price", Long.toString(offer.price()));
        } else {
            xml.writeStartElement(NAMESPACE, "cityprices");
            for (CityPrice city : offer.cityPrices()) {
                xml.writeStartElement(NAMESPACE, "cityprice");
                xml.writeAttribute("cityId", city.cityId());
                xml.writeCharacters(Long.toString(city.price()));
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(NAMESPACE, name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    private static final class Counts {
        int offers;
        int excluded;
        final Map<OfferRule, Integer> byRule = new EnumMap<>(OfferRule.class);

        void excluded(List<Violation> violations) {
            excluded++;
            violations.stream().map(Violation::rule).distinct().forEach(rule -> byRule.merge(rule, 1, Integer::sum));
        }
    }
}
