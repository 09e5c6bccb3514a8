package kz.kaspibridge.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Avro binary without a registry, for {@code TopologyTestDriver} tests only: the topology under test is the same,
 * and the registry-backed serdes from shared-schemas are exercised by the integration tests.
 *
 * <p>Avro 1.12 refuses to instantiate generated classes it does not trust (CVE-2024-47561). This kit cannot use
 * shared-schemas' {@code ContractClasses} (shared-schemas' own tests depend on this module), so it trusts exactly
 * the record and enum classes the serde's schema names, and nothing else.
 */
public final class PlainAvroSerde {

    private static final Set<String> TRUSTED = ConcurrentHashMap.newKeySet();
    private static boolean installed;

    private PlainAvroSerde() {
    }

    public static <T extends SpecificRecord> Serde<T> of(Class<T> type) {
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        trust(schema);
        SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(schema, model);
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(schema, schema, model);
        return Serdes.serdeFrom((topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
                writer.write(value, encoder);
                encoder.flush();
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
                return reader.read(null, decoder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static synchronized void trust(Schema schema) {
        collect(schema, TRUSTED);
        if (!installed) {
            ClassSecurityValidator.ClassSecurityPredicate named = type -> TRUSTED.contains(type.getName());
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                    named));
            installed = true;
        }
    }

    /** The full names of the records and enums a schema reaches (generated classes are named after them). */
    private static void collect(Schema schema, Set<String> names) {
        switch (schema.getType()) {
            case RECORD -> {
                if (names.add(schema.getFullName())) {
                    schema.getFields().forEach(field -> collect(field.schema(), names));
                }
            }
            case ENUM, FIXED -> names.add(schema.getFullName());
            case UNION -> schema.getTypes().forEach(branch -> collect(branch, names));
            case ARRAY -> collect(schema.getElementType(), names);
            case MAP -> collect(schema.getValueType(), names);
            default -> {
            }
        }
    }
}
