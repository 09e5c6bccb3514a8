package kz.kaspibridge.orderpoller.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import kz.kaspibridge.kaspiclient.ApiToken;
import kz.kaspibridge.orderpoller.polling.OrderState;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the poller can be told, under {@code order-poller.*}.
 *
 * @param merchants the merchants to poll; every instance gets the same list and polls its share
 * @param kaspi     how to reach the Kaspi Shop API
 * @param kafka     the poller's own topics and consumer group
 * @param batchSize orders (or status changes) per Kafka transaction in a big catch-up
 * @param backoff   per-merchant wait after consecutive failures: doubles from {@code initial} to {@code max}
 */
@Validated
@ConfigurationProperties("order-poller")
public record OrderPollerProperties(
        @NotEmpty List<@Valid Merchant> merchants,
        @Valid @NotNull @DefaultValue Kaspi kaspi,
        @Valid @NotNull @DefaultValue Kafka kafka,
        @Positive @DefaultValue("500") int batchSize,
        @Valid @NotNull @DefaultValue Backoff backoff) {

    /**
     * One merchant. The token comes from an environment variable (write {@code token: ${KASPI_TOKEN_M1}})
     * or from a mounted secret file ({@code token-file}); never from a file in git.
     *
     * @param id                 the merchant id, used in events, metrics and logs
     * @param token              the Shop API token ({@code X-Auth-Token}); or set {@code token-file}
     * @param tokenFile          a file holding the token (surrounding whitespace ignored)
     * @param states             Kaspi states in which to look for new APPROVED_BY_BANK orders
     * @param pollInterval       pause between two polls for new orders
     * @param statusSyncInterval how often emitted, not final orders are refreshed
     * @param firstStartLookback how far back the very first poll looks, when Kafka holds no cursor yet
     * @param overlap            how far before the last acknowledged poll each poll starts again, so
     *                           orders the bank approves late are still found
     * @param unauthorizedRetry  how often a merchant whose token Kaspi rejects (401) is tried again
     */
    public record Merchant(
            @NotBlank String id,
            String token,
            Path tokenFile,
            @NotEmpty @DefaultValue({"NEW", "SIGN_REQUIRED", "PICKUP", "DELIVERY", "KASPI_DELIVERY"}) Set<OrderState> states,
            @NotNull @DefaultValue("30s") Duration pollInterval,
            @NotNull @DefaultValue("1m") Duration statusSyncInterval,
            @NotNull @DefaultValue("14d") Duration firstStartLookback,
            @NotNull @DefaultValue("1d") Duration overlap,
            @NotNull @DefaultValue("5m") Duration unauthorizedRetry) {

        @AssertTrue(message = "set exactly one of token and token-file")
        public boolean isTokenSourceUnique() {
            return ApiToken.hasOneSource(token, tokenFile);
        }

        /** Reads the token now, so a rotated secret file is picked up on restart. */
        public String resolveToken() {
            return ApiToken.from(token, tokenFile, "merchant " + id).value();
        }

        @Override
        public String toString() {
            return "Merchant[id=" + id + ", token=***, states=" + states + ", pollInterval=" + pollInterval + "]";
        }
    }

    /**
     * @param baseUrl           the Shop API root, {@code https://kaspi.kz/shop/api/v2} or the sandbox's
     * @param timeout           per-call response timeout (Kaspi integrations use 30-60 s)
     * @param pageSize          orders per page, at most 100
     * @param listingConcurrency listings (window and state) of one merchant fetched at once, ahead of publishing;
     *                           Kaspi answers 429 to a second request in flight per token, so more than 1
     *                           only queues in the client
     * @param requestsPerSecond client-side limit per token; 0 switches it off (benchmarks only)
     * @param maxRetries        client retries of 429, 5xx, timeouts before a poll fails and backs off
     * @param statusSyncShare   share of the token's requests status sync may use (paced), so polls keep the rest
     */
    public record Kaspi(
            @NotNull @DefaultValue("https://kaspi.kz/shop/api/v2") URI baseUrl,
            @NotNull @DefaultValue("30s") Duration timeout,
            @Min(1) @jakarta.validation.constraints.Max(100) @DefaultValue("100") int pageSize,
            @Min(1) @DefaultValue("1") int listingConcurrency,
            @Min(0) @DefaultValue("5") double requestsPerSecond,
            @Min(0) @DefaultValue("3") int maxRetries,
            @jakarta.validation.constraints.DecimalMin(value = "0", inclusive = false)
            @jakarta.validation.constraints.DecimalMax("1") @DefaultValue("0.5") double statusSyncShare) {
    }

    /**
     * @param topicPrefix    prefix of the poller's topics ({@code .merchants}, {@code .open-orders}),
     *                       its consumer group and its transactional ids
     * @param partitions     partitions of the poller's topics: the most instances that can share the work
     * @param sessionTimeout how long a crashed instance keeps its merchants before others take over
     */
    public record Kafka(
            @NotBlank @DefaultValue("order-poller") String topicPrefix,
            @Positive @DefaultValue("12") int partitions,
            @NotNull @DefaultValue("10s") Duration sessionTimeout) {
    }

    public record Backoff(@NotNull @DefaultValue("1s") Duration initial, @NotNull @DefaultValue("5m") Duration max) {
    }
}
