package kz.kaspibridge.kaspiclient.delivery;

import java.net.URI;
import java.time.Duration;
import kz.kaspibridge.kaspiclient.RateLimitSettings;
import kz.kaspibridge.kaspiclient.RetrySettings;

/**
 * How the Delivery API client behaves.
 *
 * @param baseUrl the API root without version, e.g. {@code https://api.kaspi.kz/delivery}
 * @param apiKey  the partner key ({@code x-api-key}); from a secret, never printed
 */
public record DeliveryClientSettings(URI baseUrl, String apiKey, Duration connectTimeout, Duration responseTimeout,
                                     String userAgent, RetrySettings retry, RateLimitSettings rateLimit) {

    public DeliveryClientSettings {
        if (baseUrl == null || apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("baseUrl and apiKey are required");
        }
    }

    public static DeliveryClientSettings defaults(URI baseUrl, String apiKey) {
        return new DeliveryClientSettings(baseUrl, apiKey, Duration.ofSeconds(5), Duration.ofSeconds(30),
                "kaspi-bridge/0.1 (+kaspi-shop-client)", RetrySettings.defaults(), RateLimitSettings.defaults());
    }

    public DeliveryClientSettings withRetry(RetrySettings value) {
        return new DeliveryClientSettings(baseUrl, apiKey, connectTimeout, responseTimeout, userAgent, value, rateLimit);
    }

    public DeliveryClientSettings withTimeouts(Duration connect, Duration response) {
        return new DeliveryClientSettings(baseUrl, apiKey, connect, response, userAgent, retry, rateLimit);
    }

    /** Rate and requests in flight per API key; one in flight by default, as Kaspi allows. */
    public DeliveryClientSettings withRateLimit(RateLimitSettings value) {
        return new DeliveryClientSettings(baseUrl, apiKey, connectTimeout, responseTimeout, userAgent, retry, value);
    }

    @Override
    public String toString() {
        return "DeliveryClientSettings[baseUrl=" + baseUrl + ", apiKey=***, connectTimeout=" + connectTimeout
                + ", responseTimeout=" + responseTimeout + ", retry=" + retry + ", rateLimit=" + rateLimit + "]";
    }
}
