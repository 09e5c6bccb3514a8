package kz.kaspibridge.schemas.spring;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** A settings record shaped like the services' own: nested records, a list of them, a map of them. */
@ConfigurationProperties("sample-service")
record SampleSettings(
        List<Merchant> merchants,
        Map<String, PerMerchant> perMerchant,
        @DefaultValue Remote remote,
        @DefaultValue("500") int batchSize) {

    record Merchant(String id, String token, Path tokenFile, List<String> secrets,
                    @DefaultValue("NEW,PICKUP") Set<String> states,
                    @DefaultValue("14d") Duration firstStartLookback) {
    }

    record PerMerchant(@DefaultValue("30s") Duration pollInterval) {
    }

    record Remote(@DefaultValue("https://example.invalid/api") URI baseUrl, String apiKey, String password,
                  @DefaultValue("500ms") Duration timeout) {
    }
}
