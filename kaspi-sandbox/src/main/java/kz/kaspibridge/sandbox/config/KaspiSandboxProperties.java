package kz.kaspibridge.sandbox.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the sandbox can be told, under {@code kaspi-sandbox.*}. Tokens and keys here are
 * sandbox credentials: fake by construction, never a real Kaspi secret.
 *
 * @param merchants           merchants and their Shop API tokens ({@code X-Auth-Token})
 * @param delivery            the Delivery API key and how fast deliveries advance
 * @param webhook             where delivery webhooks go, how they are signed and retried
 * @param clock               sandbox time: scale over wall time, optional start instant, tick
 * @param concurrency         Kaspi's one-request-in-flight-per-token rule, on by default
 * @param waybillDelay        sandbox time between ASSEMBLE and the waybill URL appearing
 * @param seedOrdersPerMerchant orders generated per merchant at startup (the last 3 days)
 * @param randomSeed          seed for generated data, fault dice and security codes
 */
@Validated
@ConfigurationProperties("kaspi-sandbox")
public record KaspiSandboxProperties(
        @NotEmpty List<@Valid Merchant> merchants,
        @Valid @NotNull @DefaultValue Delivery delivery,
        @Valid @NotNull @DefaultValue Webhook webhook,
        @Valid @NotNull @DefaultValue ClockSettings clock,
        @Valid @NotNull @DefaultValue Concurrency concurrency,
        @NotNull @DefaultValue("5s") Duration waybillDelay,
        @Min(0) @DefaultValue("0") int seedOrdersPerMerchant,
        @DefaultValue("42") long randomSeed) {

    public record Merchant(@NotBlank String id, @NotBlank String token) {
        @Override
        public String toString() {
            return "Merchant[id=" + id + ", token=***]";
        }
    }

    /**
     * @param apiKey       the {@code x-api-key} the Delivery API expects
     * @param stepInterval sandbox time between created, accepted, in_transit, out_for_delivery, delivered
     */
    public record Delivery(@NotBlank @DefaultValue("sandbox-delivery-key") String apiKey,
                           @NotNull @DefaultValue("5m") Duration stepInterval) {
        @Override
        public String toString() {
            return "Delivery[apiKey=***, stepInterval=" + stepInterval + "]";
        }
    }

    /**
     * @param url            receiver of delivery webhooks; none configured means none are sent
     * @param secret         {@code whsec_<base64>} signing secret (Standard Webhooks)
     * @param initialBackoff sandbox time before the first retry; doubles per attempt
     * @param maxBackoff     cap of one retry interval
     * @param retryFor       how long after the first attempt retries continue
     * @param timeout        wall-time limit per attempt
     */
    public record Webhook(URI url,
                          @DefaultValue("whsec_c2FuZGJveC13ZWJob29rLXNlY3JldC0wMQ==") String secret,
                          @NotNull @DefaultValue("10s") Duration initialBackoff,
                          @NotNull @DefaultValue("1h") Duration maxBackoff,
                          @NotNull @DefaultValue("24h") Duration retryFor,
                          @NotNull @DefaultValue("5s") Duration timeout) {
        @Override
        public String toString() {
            return "Webhook[url=" + url + ", secret=***]";
        }
    }

    /**
     * @param scale sandbox seconds per wall second
     * @param start sandbox time at startup; now when absent
     * @param tick  how often due work (delivery steps, retries, waybills) is checked, in wall time
     */
    public record ClockSettings(@Positive @DefaultValue("1") double scale, Instant start,
                                @NotNull @DefaultValue("20ms") Duration tick) {
    }

    /**
     * Kaspi answers 429 to a second request in flight on one token; so does the sandbox, per Shop
     * API token ({@code X-Auth-Token}) and per Delivery API key ({@code x-api-key}).
     *
     * @param enabled             refuse the request over the limit; off, concurrency is only measured
     * @param maxInFlightPerToken requests one credential may have in flight at once
     * @param retryAfter          the {@code Retry-After} of the 429, in whole seconds (at least 1)
     */
    public record Concurrency(@DefaultValue("true") boolean enabled,
                              @Min(1) @DefaultValue("1") int maxInFlightPerToken,
                              @NotNull @DefaultValue("1s") Duration retryAfter) {
    }

    public Map<String, String> merchantsByToken() {
        Map<String, String> byToken = new LinkedHashMap<>();
        merchants.forEach(merchant -> byToken.put(merchant.token(), merchant.id()));
        return byToken;
    }

    public List<String> merchantIds() {
        return merchants.stream().map(Merchant::id).toList();
    }
}
