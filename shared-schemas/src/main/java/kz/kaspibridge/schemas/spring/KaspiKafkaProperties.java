package kz.kaspibridge.schemas.spring;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a service reaches Kafka and the schema registry ({@code kaspi.kafka.*}).
 *
 * @param bootstrapServers  Kafka bootstrap servers
 * @param registryUrl       schema registry base URL (Apicurio; the API paths are added)
 * @param autoRegister      whether producers register their schemas
 * @param replicationFactor overrides the catalog's production replication factor (1 for one local broker); 0 keeps it
 * @param retryBackoff      first back-off of a failed record before it is retried, doubling each time
 * @param maxRetries        retries of a failed record (in order, same partition) before it goes to {@code <topic>-dlt}
 * @param watch             the consumer-group and dead-letter gauges ({@link KafkaWatch})
 */
@Validated
@ConfigurationProperties("kaspi.kafka")
public record KaspiKafkaProperties(
        @NotBlank String bootstrapServers,
        @NotBlank String registryUrl,
        @DefaultValue("true") boolean autoRegister,
        @DefaultValue("0") @Min(0) short replicationFactor,
        @DefaultValue("500ms") Duration retryBackoff,
        @DefaultValue("4") @Min(0) int maxRetries,
        @DefaultValue @Valid Watch watch) {

    /**
     * @param enabled  whether this service reports the groups' members and lag and the dead-letter topics' sizes
     * @param interval how often the cluster is read
     * @param groups   the consumer groups reported (a regex over group ids): by default all of them, which includes
     *                 the merchant's own consumers of our topics
     */
    public record Watch(@DefaultValue("true") boolean enabled,
                        @DefaultValue("30s") Duration interval,
                        @DefaultValue(".*") @NotBlank String groups) {
    }
}
