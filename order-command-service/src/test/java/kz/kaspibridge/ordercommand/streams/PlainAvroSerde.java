package kz.kaspibridge.ordercommand.streams;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import kz.kaspibridge.schemas.serde.ContractClasses;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Avro binary without a registry, for topology tests only: the topology under test is the same, and the
 * registry-backed serdes from shared-schemas are exercised by the integration tests.
 */
final class PlainAvroSerde {

    private PlainAvroSerde() {
    }

    static <T extends SpecificRecord> Serde<T> of(Class<T> type) {
        ContractClasses.trust();
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
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
}
