package kz.kaspibridge.kaspiclient.shop;

import java.net.URI;
import java.time.Duration;
import kz.kaspibridge.kaspiclient.RateLimitSettings;
import kz.kaspibridge.kaspiclient.RetrySettings;

/**
 * How the Shop API client behaves; services bind their own properties onto it.
 *
 * @param baseUrl         the API root, e.g. {@code https://kaspi.kz/shop/api/v2}
 * @param connectTimeout  TCP connect limit
 * @param responseTimeout limit between request and (each read of) the answer; Kaspi integrations use 30–60 s
 * @param pageSize        orders per page, 1..100
 * @param maxWindow       creation-date span per list call; Kaspi refuses more than 14 days
 * @param userAgent       sent with every call
 */
public record ShopClientSettings(URI baseUrl, Duration connectTimeout, Duration responseTimeout, int pageSize,
                                 Duration maxWindow, String userAgent, RetrySettings retry,
                                 RateLimitSettings rateLimit) {

    public static final Duration KASPI_MAX_WINDOW = Duration.ofDays(14);

    public ShopClientSettings {
        if (baseUrl == null || pageSize < 1 || pageSize > 100 || maxWindow.compareTo(KASPI_MAX_WINDOW) > 0
                || maxWindow.isNegative() || maxWindow.isZero()) {
            throw new IllegalArgumentException("baseUrl is required, pageSize 1..100, maxWindow up to 14 days");
        }
    }

    public static ShopClientSettings defaults(URI baseUrl) {
        return new ShopClientSettings(baseUrl, Duration.ofSeconds(5), Duration.ofSeconds(30), 100, KASPI_MAX_WINDOW,
                "kaspi-bridge/0.1 (+kaspi-shop-client)", RetrySettings.defaults(), RateLimitSettings.defaults());
    }

    public ShopClientSettings withTimeouts(Duration connect, Duration response) {
        return new ShopClientSettings(baseUrl, connect, response, pageSize, maxWindow, userAgent, retry, rateLimit);
    }

    public ShopClientSettings withPageSize(int value) {
        return new ShopClientSettings(baseUrl, connectTimeout, responseTimeout, value, maxWindow, userAgent, retry,
                rateLimit);
    }

    public ShopClientSettings withRetry(RetrySettings value) {
        return new ShopClientSettings(baseUrl, connectTimeout, responseTimeout, pageSize, maxWindow, userAgent, value,
                rateLimit);
    }

    public ShopClientSettings withRateLimit(RateLimitSettings value) {
        return new ShopClientSettings(baseUrl, connectTimeout, responseTimeout, pageSize, maxWindow, userAgent, retry,
                value);
    }
}
