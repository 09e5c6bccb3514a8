package kz.kaspibridge.pricelist.feed;

import com.ctc.wstx.stax.WstxInputFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.XMLStreamReader2;
import org.codehaus.stax2.validation.XMLValidationSchema;
import org.codehaus.stax2.validation.XMLValidationSchemaFactory;

/**
 * The price list format as an XSD shipped in this module ({@code kaspi/kaspi-catalog.xsd}), and the check of a
 * written file against it: the last gate before a file is served. It reads the bytes on disk, streamed (Woodstox
 * with MSV's W3C Schema validator), so it also catches what a bug in the writer would get wrong: escaping,
 * encoding, structure, a repeated sku.
 */
public final class FeedSchema {

    public static final String RESOURCE = "kaspi/kaspi-catalog.xsd";

    private final XMLValidationSchema schema;
    private final WstxInputFactory readers = new WstxInputFactory();

    private FeedSchema(XMLValidationSchema schema) {
        this.schema = schema;
        // The file is ours, but a reader of XML never resolves outside entities.
        readers.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        readers.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    public static FeedSchema load() {
        URL xsd = FeedSchema.class.getClassLoader().getResource(RESOURCE);
        if (xsd == null) {
            throw new IllegalStateException(RESOURCE + " is not on the classpath");
        }
        try {
            return new FeedSchema(XMLValidationSchemaFactory.newInstance(XMLValidationSchema.SCHEMA_ID_W3C_SCHEMA)
                    .createSchema(xsd));
        } catch (XMLStreamException e) {
            throw new IllegalStateException("the shipped price list schema does not load", e);
        }
    }

    /** Why {@code file} is not a valid price list (the first problem, with its line), or empty when it is. */
    public Optional<String> problem(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader2 xml = (XMLStreamReader2) readers.createXMLStreamReader(in);
            try {
                xml.validateAgainst(schema);
                while (xml.hasNext()) {
                    xml.next();
                }
                return Optional.empty();
            } finally {
                xml.closeCompletely();
            }
        } catch (XMLStreamException e) {
            Location at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ": ";
            return Optional.of(where + firstLine(e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid";
        }
        String line = message.strip();
        int end = line.indexOf('\n');
        return end < 0 ? line : line.substring(0, end);
    }
}
