package kz.kaspibridge.webhookingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import kz.kaspibridge.testsupport.JavaSources;
import org.junit.jupiter.api.Test;

/**
 * The intake (the ingress's domain) imports no Spring, Kafka, Avro, contracts, Micrometer, Reactor,
 * Netty or Jackson, and no adapter package: http, json, dedup, publishing, replay and config depend
 * on it, never the other way. The one shared-schemas class it may use is {@code WebhookSignatures},
 * plain JDK crypto shared with the sender so the scheme cannot drift. (The poller has the same rule.)
 */
class DomainIsPlainJavaTest {

    private static final List<String> FORBIDDEN = List.of("org.springframework", "org.apache.kafka",
            "org.apache.avro", "io.apicurio", "io.micrometer", "reactor.", "io.netty", "tools.jackson",
            "com.fasterxml", "kz.kaspibridge.webhookingress.http", "kz.kaspibridge.webhookingress.json",
            "kz.kaspibridge.webhookingress.dedup", "kz.kaspibridge.webhookingress.publishing",
            "kz.kaspibridge.webhookingress.replay", "kz.kaspibridge.webhookingress.config");
    private static final String ALLOWED_SHARED = "import kz.kaspibridge.schemas.webhooks.WebhookSignatures;";

    @Test
    void theIntakeImportsNoFrameworkNorAdapter() {
        List<String> imports = JavaSources.importsIn(Path.of("src/main/java/kz/kaspibridge/webhookingress/intake"));
        assertThat(imports).isNotEmpty();
        assertThat(imports).noneMatch(line -> FORBIDDEN.stream().anyMatch(line::contains));
        assertThat(imports).filteredOn(line -> line.contains("kz.kaspibridge.schemas"))
                .allMatch(ALLOWED_SHARED::equals);
    }
}
