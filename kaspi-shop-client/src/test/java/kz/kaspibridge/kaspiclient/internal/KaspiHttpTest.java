package kz.kaspibridge.kaspiclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class KaspiHttpTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void retryAfterInSecondsOrAsAnHttpDateCountedFromTheClock() {
        assertThat(KaspiHttp.retryAfter("7", clock)).isEqualTo(Duration.ofSeconds(7));
        assertThat(KaspiHttp.retryAfter("Sun, 01 Mar 2026 10:00:30 GMT", clock)).isEqualTo(Duration.ofSeconds(30));
        assertThat(KaspiHttp.retryAfter("Sun, 01 Mar 2026 09:59:00 GMT", clock)).isZero();
        assertThat(KaspiHttp.retryAfter("soon", clock)).isNull();
        assertThat(KaspiHttp.retryAfter(null, clock)).isNull();
    }

    @Test
    void aCredentialIsKeyedByAHashThatDependsOnItsScope() {
        String key = KaspiHttp.credentialKey("shop|https://kaspi.kz", "fake-token-1234");
        assertThat(key).hasSize(64).doesNotContain("fake-token-1234");
        assertThat(KaspiHttp.credentialKey("shop|https://kaspi.kz", "fake-token-1234")).isEqualTo(key);
        assertThat(KaspiHttp.credentialKey("delivery|https://kaspi.kz", "fake-token-1234")).isNotEqualTo(key);
        assertThat(KaspiHttp.credentialKey("shop|https://kaspi.kz", "fake-token-5678")).isNotEqualTo(key);
    }
}
