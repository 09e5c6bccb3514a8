package kz.kaspibridge.webhookingress.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Everything webhook-ingress can be told, under {@code webhook-ingress.*}.
 *
 * @param merchants          one endpoint per merchant: its own path and secrets
 * @param maxBodySize        larger bodies get 413 before they are read
 * @param timestampTolerance how far {@code webhook-timestamp} may be from now (either way)
 * @param produceTimeout     how long Kafka may take to acknowledge before the answer is 503
 * @param rateLimit          per source address
 * @param dedup              the Kafka-backed store of seen eventIds
 */
@Validated
@ConfigurationProperties("webhook-ingress")
public record WebhookIngressProperties(
        @NotEmpty List<@Valid Merchant> merchants,
        @DefaultValue("64KB") @NotNull DataSize maxBodySize,
        @DefaultValue("5m") @NotNull Duration timestampTolerance,
        @DefaultValue("2s") @NotNull Duration produceTimeout,
        @DefaultValue @Valid RateLimit rateLimit,
        @DefaultValue @Valid Dedup dedup) {

    /**
     * @param merchantId  the Kaspi merchant, copied into every record's metadata
     * @param path        the URL path Kaspi posts to, for example {@code /webhooks/kaspi/delivery}
     * @param secrets     {@code whsec_...} secrets, usually from an env var such as
     *                    {@code KASPI_WEBHOOK_SECRETS_DEMO} (comma-separated); list the new one
     *                    beside the old one while rotating
     * @param secretsFile optional file with one secret per line (a mounted Kubernetes secret)
     */
    public record Merchant(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String merchantId,
            @DefaultValue("/webhooks/kaspi/delivery") @Pattern(regexp = "/[A-Za-z0-9/._-]{1,200}") String path,
            List<String> secrets,
            Path secretsFile) {

        /** The configured secrets from both sources, blank entries dropped. */
        public List<String> allSecrets() {
            List<String> all = new ArrayList<>();
            if (secrets != null) {
                secrets.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(all::add);
            }
            if (secretsFile != null) {
                try {
                    Files.readAllLines(secretsFile).stream().map(String::trim)
                            .filter(s -> !s.isEmpty() && !s.startsWith("#")).forEach(all::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the webhook secrets file of merchant " + merchantId, e);
                }
            }
            return all;
        }

        /** Never prints a secret (records print every component by default). */
        @Override
        public String toString() {
            return "Merchant[merchantId=" + merchantId + ", path=" + path + ", secrets="
                    + (secrets == null ? 0 : secrets.size()) + ", secretsFile=" + secretsFile + "]";
        }
    }

    /**
     * @param requestsPerSecond sustained webhooks per source address
     * @param burst             how many may arrive at once
     * @param maxSources        bucket count kept in memory
     */
    public record RateLimit(
            @DefaultValue("200") @DecimalMin("0.1") double requestsPerSecond,
            @DefaultValue("400") @Min(1) int burst,
            @DefaultValue("100000") @Min(1) int maxSources) {
    }

    /**
     * @param horizon how far back each instance loads the report and archive topics; more than
     *                Kaspi's 24 h retry span, and less than both topics' retention (7 and 30 days)
     */
    public record Dedup(@DefaultValue("72h") @NotNull Duration horizon) {
    }
}
