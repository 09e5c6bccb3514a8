package kz.kaspibridge.schemas.serde;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON serdes for a service's internal topics and state stores. No other service reads them, so they are not
 * Avro contracts; JSON keeps changelogs readable with kcat. Unknown fields are ignored so a newer version's
 * records still load after a rollback.
 */
public final class JsonSerde {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private JsonSerde() {
    }

    public static <T> Serde<T> of(Class<T> type) {
        Serializer<T> serializer = (topic, value) -> value == null ? null : JSON.writeValueAsBytes(value);
        Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : JSON.readValue(bytes, type);
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
