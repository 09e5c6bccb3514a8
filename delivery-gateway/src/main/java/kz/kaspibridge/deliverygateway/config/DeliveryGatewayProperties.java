package kz.kaspibridge.deliverygateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import kz.kaspibridge.kaspiclient.ApiToken;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the gateway can be told, under {@code delivery-gateway.*}.
 *
 * @param merchants      the merchants whose deliveries this gateway books, each with its Delivery API key
 * @param kaspi          how to reach the Delivery API
 * @param streams        the Kafka Streams application that owns the delivery lifecycle
 * @param reconciliation how lost webhooks are caught up with
 */
@Validated
@ConfigurationProperties("delivery-gateway")
public record DeliveryGatewayProperties(
        @NotNull @DefaultValue List<@Valid Merchant> merchants,
        @Valid @NotNull @DefaultValue Kaspi kaspi,
        @Valid @NotNull @DefaultValue Streams streams,
        @Valid @NotNull @DefaultValue Reconciliation reconciliation) {

    /**
     * One merchant. The API key comes from an environment variable ({@code api-key: ${KASPI_DELIVERY_KEY_M1}}) or a
     * mounted secret file ({@code api-key-file}); never from a file in git.
     */
    public record Merchant(@NotBlank String id, String apiKey, Path apiKeyFile) {

        @AssertTrue(message = "set exactly one of api-key and api-key-file")
        public boolean isKeySourceUnique() {
            return ApiToken.hasOneSource(apiKey, apiKeyFile);
        }

        /** Reads the key now, so a rotated secret file is picked up on restart. */
        public String resolveApiKey() {
            return ApiToken.from(apiKey, apiKeyFile, "merchant " + id).value();
        }

        @Override
        public String toString() {
            return "Merchant[id=" + id + ", apiKey=***]";
        }
    }

    /**
     * @param baseUrl        the Delivery API root: {@code https://api.kaspi.kz/delivery} (production) or
     *                       {@code https://sandbox.kaspi.kz/delivery}
     * @param connectTimeout TCP connect timeout of one attempt
     * @param timeout        response timeout of one attempt (the client retries transient failures itself)
     * @param concurrency    consumer threads carrying out calls (each owns some partitions of the requests topic)
     * @param giveUpAfter    how long a call that keeps failing (Kaspi down) is retried before it is given up: a
     *                       booking then fails with its reason, a cancel goes to the requests' dead-letter topic
     */
    public record Kaspi(
            @NotNull @DefaultValue("https://api.kaspi.kz/delivery") URI baseUrl,
            @NotNull @DefaultValue("5s") Duration connectTimeout,
            @NotNull @DefaultValue("30s") Duration timeout,
            @Min(1) @Max(64) @DefaultValue("3") int concurrency,
            @NotNull @DefaultValue("5m") Duration giveUpAfter) {
    }

    /**
     * @param applicationId   Kafka Streams {@code application.id}; instances sharing the work share it
     * @param stateDir        local RocksDB directory (default {@code <tmpdir>/delivery-gateway-streams}), a cache
     *                        of the changelog
     * @param standbyReplicas warm copies of the store on other instances, for fast failover
     * @param commitInterval  exactly-once commit interval: the latency floor of a {@code DeliveryStatusChanged}
     * @param retention       how long a delivered or cancelled delivery is remembered after the last word of it
     * @param unknownReportWait how long reports for a delivery this gateway never booked are kept, waiting
     */
    public record Streams(
            @NotBlank @DefaultValue("delivery-gateway") String applicationId,
            Path stateDir,
            @Min(0) @DefaultValue("0") int standbyReplicas,
            @NotNull @DefaultValue("50ms") Duration commitInterval,
            @NotNull @DefaultValue("14d") Duration retention,
            @NotNull @DefaultValue("1d") Duration unknownReportWait) {

        public Path stateDirectory() {
            return stateDir != null ? stateDir
                    : Path.of(System.getProperty("java.io.tmpdir"), "delivery-gateway-streams");
        }
    }

    /**
     * @param after     a delivery that is not final and has had no report for this long is read from the API
     * @param check     how often each task looks at the next slice of its deliveries
     * @param slice     deliveries looked at per check and task: a check holds up the task's reports for a bounded
     *                  time, and a full pass over N deliveries takes N / slice checks
     * @param maxPerRun reads asked for per check and task, at most
     */
    public record Reconciliation(
            @NotNull @DefaultValue("10m") Duration after,
            @NotNull @DefaultValue("2s") Duration check,
            @Min(1) @Max(100_000) @DefaultValue("1000") int slice,
            @Min(1) @Max(10_000) @DefaultValue("20") int maxPerRun) {
    }
}
