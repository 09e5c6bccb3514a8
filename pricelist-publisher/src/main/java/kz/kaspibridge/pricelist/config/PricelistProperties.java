package kz.kaspibridge.pricelist.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import kz.kaspibridge.kaspiclient.ApiToken;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the publisher can be told, under {@code pricelist-publisher.*}.
 *
 * @param debounce     a merchant's file is rebuilt once no change has come for this long, so a burst gives one build
 * @param maxStaleness but at the latest this long after the first change not yet built, so a constant stream of
 *                     changes still publishes
 * @param feedDir      where built files are kept (default {@code <tmpdir>/pricelist-publisher-feeds}): a cache,
 *                     emptied at start, rebuilt from Kafka
 * @param zone         the time zone of the file's {@code date} (Kazakhstan is UTC+5)
 * @param loadTimeout  how long reading the catalog to its end at start-up may take before it starts over
 * @param reportLimit  offers listed by name in a merchant's report (all are counted)
 * @param merchants    per merchant: the company name in the file and optional Basic auth; a merchant with offers
 *                     but not listed is served with its id as company name and no auth
 */
@Validated
@ConfigurationProperties("pricelist-publisher")
public record PricelistProperties(
        @NotNull @DefaultValue("2s") Duration debounce,
        @NotNull @DefaultValue("30s") Duration maxStaleness,
        Path feedDir,
        @NotNull @DefaultValue("Asia/Almaty") ZoneId zone,
        @NotNull @DefaultValue("5m") Duration loadTimeout,
        @Min(0) @Max(100_000) @DefaultValue("1000") int reportLimit,
        @NotNull @DefaultValue List<@Valid Merchant> merchants) {

    @AssertTrue(message = "max-staleness must not be shorter than debounce")
    public boolean isStalenessBoundAboveDebounce() {
        return debounce == null || maxStaleness == null || maxStaleness.compareTo(debounce) >= 0;
    }

    @AssertTrue(message = "each merchant id must be listed once")
    public boolean isEachMerchantOnce() {
        return merchants == null || merchants.stream().map(Merchant::id).distinct().count() == merchants.size();
    }

    public Path feedDirectory() {
        return feedDir != null ? feedDir : Path.of(System.getProperty("java.io.tmpdir"), "pricelist-publisher-feeds");
    }

    public Optional<Merchant> merchant(String id) {
        return merchants.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /**
     * One merchant.
     *
     * @param company      the {@code company} element (the shop's name in the Kaspi cabinet); its id when not set
     * @param username     Basic auth user Kaspi is given with the file's URL; no auth when not set
     * @param password     its password, from an environment variable ({@code ${PRICELIST_PASSWORD_M1}}), or
     * @param passwordFile a mounted secret file; never a value in git
     */
    public record Merchant(@NotBlank String id, String company, String username, String password,
                           Path passwordFile) {

        @AssertTrue(message = "with a username, set exactly one of password and password-file; without, neither")
        public boolean isAuthComplete() {
            boolean any = password != null && !password.isBlank() || passwordFile != null;
            return username == null || username.isBlank() ? !any : ApiToken.hasOneSource(password, passwordFile);
        }

        public boolean authRequired() {
            return username != null && !username.isBlank();
        }

        /** Reads the password now, so a rotated secret file is picked up on restart. */
        public String resolvePassword() {
            return ApiToken.from(password, passwordFile, "merchant " + id).value();
        }

        @Override
        public String toString() {
            return "Merchant[id=" + id + ", company=" + company + ", username=" + username + ", password=***]";
        }
    }
}
