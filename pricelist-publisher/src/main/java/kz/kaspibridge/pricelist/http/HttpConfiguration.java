package kz.kaspibridge.pricelist.http;

import java.util.Map;
import java.util.stream.Collectors;
import kz.kaspibridge.pricelist.config.PricelistProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class HttpConfiguration {

    /** Credentials are read once, at start-up: a rotated secret file is picked up on restart. */
    @Bean
    FeedAccess feedAccess(PricelistProperties properties) {
        Map<String, String> credentials = properties.merchants().stream()
                .filter(PricelistProperties.Merchant::authRequired)
                .collect(Collectors.toMap(PricelistProperties.Merchant::id,
                        m -> m.username() + ":" + m.resolvePassword()));
        return new FeedAccess(credentials);
    }
}
