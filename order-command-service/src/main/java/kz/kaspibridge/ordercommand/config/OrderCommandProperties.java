package kz.kaspibridge.ordercommand.config;

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
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import kz.kaspibridge.kaspiclient.ApiToken;
import kz.kaspibridge.ordercommand.commands.CancellationReason;
import kz.kaspibridge.ordercommand.orders.MerchantId;
import kz.kaspibridge.ordercommand.orders.StoreId;
import kz.kaspibridge.ordercommand.policy.AcceptancePolicy;
import kz.kaspibridge.ordercommand.policy.MerchantPolicy;
import kz.kaspibridge.ordercommand.policy.WhenShort;
import kz.kaspibridge.schemas.topics.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the service can be told, under {@code order-command-service.*}.
 *
 * @param merchants the merchants whose orders this service decides; orders of any other merchant are left alone
 * @param kaspi     how to reach the Kaspi Shop API
 * @param streams   the Kafka Streams application
 */
@Validated
@ConfigurationProperties("order-command-service")
public record OrderCommandProperties(
        @NotNull @DefaultValue List<@Valid Merchant> merchants,
        @Valid @NotNull @DefaultValue Kaspi kaspi,
        @Valid @NotNull @DefaultValue Streams streams) {

    /** The policies by merchant, for the topology. */
    public Function<MerchantId, Optional<MerchantPolicy>> policies() {
        Map<MerchantId, MerchantPolicy> byId = merchants.stream()
                .collect(Collectors.toUnmodifiableMap(m -> new MerchantId(m.id()), Merchant::merchantPolicy));
        return merchant -> Optional.ofNullable(byId.get(merchant));
    }

    /**
     * One merchant. The token comes from an environment variable ({@code token: ${KASPI_TOKEN_M1}}) or a mounted
     * secret file ({@code token-file}); never from a file in git.
     *
     * @param policy             AUTO, STOCK or MANUAL
     * @param whenShort          STOCK only: CANCEL with MERCHANT_OUT_OF_STOCK, or HOLD for a command
     * @param manualDeadline     how long a held order waits for a command before it is reported overdue
     * @param cancelWhenOverdue  cancel overdue held orders with this reason; unset: only report them
     * @param defaultStore       the store (point of service) an entry draws stock from when Kaspi names none
     * @param autoAssemblePlaces assemble accepted Kaspi Delivery orders into this many places; unset: off
     * @param pickup             where couriers collect the merchant's own deliveries (for BookDelivery)
     */
    public record Merchant(
            @NotBlank String id,
            String token,
            Path tokenFile,
            @NotNull AcceptancePolicy policy,
            @NotNull @DefaultValue("CANCEL") WhenShort whenShort,
            @NotNull @DefaultValue("30m") Duration manualDeadline,
            CancellationReason cancelWhenOverdue,
            @NotBlank @DefaultValue("PP1") String defaultStore,
            @Min(1) @Max(100) Integer autoAssemblePlaces,
            @Valid Pickup pickup) {

        @AssertTrue(message = "set exactly one of token and token-file")
        public boolean isTokenSourceUnique() {
            return ApiToken.hasOneSource(token, tokenFile);
        }

        MerchantPolicy merchantPolicy() {
            return new MerchantPolicy(policy, whenShort, manualDeadline, Optional.ofNullable(cancelWhenOverdue),
                    new StoreId(defaultStore), Optional.ofNullable(autoAssemblePlaces));
        }

        /** Reads the token now, so a rotated secret file is picked up on restart. */
        public String resolveToken() {
            return ApiToken.from(token, tokenFile, "merchant " + id).value();
        }

        @Override
        public String toString() {
            return "Merchant[id=" + id + ", token=***, policy=" + policy + ", whenShort=" + whenShort + "]";
        }
    }

    /** The pickup stop of a merchant's own deliveries. Contact fields are personal data of the merchant's staff. */
    public record Pickup(@NotBlank String address, @NotBlank String contactName, @NotBlank String contactPhone,
                         String notes) {
        @Override
        public String toString() {
            return "Pickup[personal data masked]";
        }
    }

    /**
     * @param baseUrl the Shop API root, {@code https://kaspi.kz/shop/api/v2} or the sandbox's
     * @param timeout     per-call response timeout
     * @param waybillWait how long an assemble's result waits for Kaspi's waybill (bounded, spaced re-reads)
     * @param concurrency consumer threads of the effect executor (each owns some partitions of the effects topic)
     * @param parallelism effects of different orders carried out at once by the executor (one pool shared by its
     *                    consumer threads); the effects of one order always run one after the other
     */
    public record Kaspi(
            @NotNull @DefaultValue("https://kaspi.kz/shop/api/v2") URI baseUrl,
            @NotNull @DefaultValue("30s") Duration timeout,
            @NotNull @DefaultValue("20s") Duration waybillWait,
            @Min(1) @DefaultValue("3") int concurrency,
            @Min(1) @Max(256) @DefaultValue("16") int parallelism) {
    }

    /**
     * @param applicationId   Kafka Streams {@code application.id}: consumer group, and prefix of changelog and
     *                        repartition topics; instances sharing the work share it
     * @param stateDir        local RocksDB directory (default: {@code <tmpdir>/order-command-service-streams}); a new
 *                        pod restores it from the changelogs
     * @param standbyReplicas warm copies of each store on other instances, for fast failover
     * @param deadlineCheck   how often held orders are checked against their deadline
     * @param commitInterval  exactly-once commit interval: the latency floor of a decision
     * @param retention       how long a final order and a command's answer are remembered (an order that never
     *                        becomes final: three times as long); longer than {@code kaspi.orders} keeps records
     *                        (30 days), so no redelivery can find them forgotten and be decided twice
     */
    public record Streams(
            @NotBlank @DefaultValue("order-command-service") String applicationId,
            Path stateDir,
            @Min(0) @DefaultValue("0") int standbyReplicas,
            @NotNull @DefaultValue("30s") Duration deadlineCheck,
            @NotNull @DefaultValue("100ms") Duration commitInterval,
            @NotNull @DefaultValue("35d") Duration retention) {

        @AssertTrue(message = "retention must be longer than kaspi.orders keeps records (30 days)")
        public boolean isRetentionLongerThanTheOrdersTopic() {
            return retention == null || retention.compareTo(Topics.ORDERS.retention().orElse(Duration.ZERO)) > 0;
        }

        public Path stateDirectory() {
            return stateDir != null ? stateDir
                    : Path.of(System.getProperty("java.io.tmpdir"), "order-command-service-streams");
        }
    }
}
