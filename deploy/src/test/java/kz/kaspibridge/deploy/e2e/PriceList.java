package kz.kaspibridge.deploy.e2e;

import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import kz.kaspibridge.pricelist.feed.FeedSchema;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * A price list as Kaspi downloads it: the stock figures it shows per sku and store, and whether it validates against
 * Kaspi's schema. Validation uses the JDK's own validator, not the publisher's, so the check does not share code with
 * what it checks (only the schema file, which is Kaspi's).
 */
record PriceList(String xml) {

    private static final Pattern OFFER = Pattern.compile("<offer sku=\"([^\"]*)\">(.*?)</offer>", Pattern.DOTALL);
    private static final Pattern AVAILABILITY = Pattern.compile("<availability\\s([^>]*?)/>");
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    static PriceList of(String xml) {
        return new PriceList(xml);
    }

    /** The stock count shown per store for the sku, in file order; empty when the file has no such offer. */
    Map<String, Integer> stockOf(String sku) {
        Map<String, Integer> stock = new LinkedHashMap<>();
        Matcher offer = OFFER.matcher(xml);
        while (offer.find()) {
            if (offer.group(1).equals(sku)) {
                Matcher availability = AVAILABILITY.matcher(offer.group(2));
                while (availability.find()) {
                    Map<String, String> attributes = attributes(availability.group(1));
                    stock.put(attributes.get("storeId"), Integer.parseInt(attributes.getOrDefault("stockCount", "0")));
                }
            }
        }
        return stock;
    }

    /** The count shown for the sku in the store, or -1 when the file does not show that store for it. */
    int stock(String sku, String store) {
        return stockOf(sku).getOrDefault(store, -1);
    }

    /** Whether every sku shows exactly {@code count} in every store, and no other store. */
    boolean showsEverywhere(Collection<String> skus, Collection<String> stores, int count) {
        return skus.stream().allMatch(sku -> {
            Map<String, Integer> shown = stockOf(sku);
            return shown.keySet().equals(Set.copyOf(stores)) && shown.values().stream().allMatch(n -> n == count);
        });
    }

    /** Whether any store of any offer is shown as available. */
    boolean availableAnywhere() {
        Matcher availability = AVAILABILITY.matcher(xml);
        while (availability.find()) {
            if ("yes".equals(attributes(availability.group(1)).get("available"))) {
                return true;
            }
        }
        return false;
    }

    /** Why the file is not a valid Kaspi price list, or empty when it is. */
    Optional<String> problem() {
        URL xsd = PriceList.class.getClassLoader().getResource(FeedSchema.RESOURCE);
        if (xsd == null) {
            throw new IllegalStateException(FeedSchema.RESOURCE + " is not on the classpath");
        }
        try {
            // The JDK's own implementation, whatever else the classpath offers.
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            Validator validator = factory.newSchema(xsd).newValidator();
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.validate(new StreamSource(new StringReader(xml)));
            return Optional.empty();
        } catch (SAXParseException e) {
            return Optional.of("line " + e.getLineNumber() + ": " + e.getMessage());
        } catch (SAXException | IOException e) {
            return Optional.of(e.toString());
        }
    }

    private static Map<String, String> attributes(String text) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher attribute = ATTRIBUTE.matcher(text);
        while (attribute.find()) {
            attributes.put(attribute.group(1), attribute.group(2));
        }
        return attributes;
    }

    @Override
    public String toString() {
        return xml.length() <= 2000 ? xml : xml.substring(0, 2000) + "…";
    }
}
