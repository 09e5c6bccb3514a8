package kz.kaspibridge.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kz.kaspibridge.schemas.evolution.SchemaHistory;
import kz.kaspibridge.schemas.evolution.SchemaHistory.Incompatibility;
import kz.kaspibridge.schemas.orders.OrderEvent;
import kz.kaspibridge.schemas.topics.Topic;
import kz.kaspibridge.schemas.topics.Topics;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build fails when a schema change would break a consumer of released data. To release the
 * current schemas as new versions, run {@code ./mvnw -pl shared-schemas test -Dtest=SchemaEvolutionTest
 * -Dschemas.release=true} and commit the new files under {@code schema-history/}.
 */
class SchemaEvolutionTest {

    private static final SchemaHistory HISTORY = new SchemaHistory(Path.of("schema-history"));

    @Test
    void everyTopicSchemaHasAReleasedVersion() {
        for (Topic<?> topic : Topics.all()) {
            assertThat(HISTORY.versions(ContractRoundTripIT.schemaOf(topic).getFullName()))
                    .as("released versions of %s", topic.name()).isNotEmpty();
        }
    }

    @Test
    void everyCurrentSchemaReadsEveryReleasedVersion() {
        List<Incompatibility> problems = new ArrayList<>();
        for (Topic<?> topic : Topics.all()) {
            problems.addAll(HISTORY.check(ContractRoundTripIT.schemaOf(topic)));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aNewFieldWithoutADefaultIsCaught(@TempDir Path released) {
        SchemaHistory history = new SchemaHistory(released);
        history.release(OrderEvent.getClassSchema());

        Schema broken = withExtraField(OrderEvent.getClassSchema(), SchemaBuilder.builder().stringType(), null);

        assertThat(history.check(broken)).singleElement()
                .satisfies(p -> assertThat(p.description()).contains("READER_FIELD_MISSING_DEFAULT").contains("salesChannel"));
    }

    @Test
    void aNewFieldWithADefaultPasses(@TempDir Path released) {
        SchemaHistory history = new SchemaHistory(released);
        history.release(OrderEvent.getClassSchema());

        Schema evolved = withExtraField(OrderEvent.getClassSchema(), SchemaBuilder.builder().stringType(), "kaspi");

        assertThat(history.check(evolved)).isEmpty();
        assertThat(history.release(evolved)).hasValueSatisfying(f -> assertThat(f.getFileName()).hasToString("v2.avsc"));
        assertThat(history.release(evolved)).as("releasing an unchanged schema writes nothing").isEqualTo(Optional.empty());
    }

    @Test
    @EnabledIfSystemProperty(named = "schemas.release", matches = "true")
    void releaseCurrentSchemas() {
        for (Topic<?> topic : Topics.all()) {
            assertThat(HISTORY.check(ContractRoundTripIT.schemaOf(topic))).isEmpty();
            HISTORY.release(ContractRoundTripIT.schemaOf(topic));
        }
    }

    private static Schema withExtraField(Schema schema, Schema type, Object defaultValue) {
        List<Schema.Field> fields = new ArrayList<>();
        schema.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("salesChannel", type, null, defaultValue));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
