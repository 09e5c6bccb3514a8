package kz.kaspibridge.schemas.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Every setting is shown as an operator writes it, and no secret is. */
@ExtendWith(OutputCaptureExtension.class)
class EffectiveSettingsTest {

    private static final SampleSettings SETTINGS = new SampleSettings(
            List.of(new SampleSettings.Merchant("m1", "fake-token-123", null, List.of("whsec_fakeOld", "whsec_fakeNew"),
                            Set.of("NEW"), Duration.ofDays(14)),
                    new SampleSettings.Merchant("m2", null, Path.of("/run/secrets/m2-token"), null, Set.of("NEW"),
                            Duration.ofHours(36))),
            Map.of("m1", new SampleSettings.PerMerchant(Duration.ofSeconds(30))),
            new SampleSettings.Remote(URI.create("https://fakeuser:fakepass@registry.invalid/apis"), "fake-api-key",
                    "fake-password", Duration.ofMillis(500)),
            500);

    @Test
    void secretsAreMaskedByName() {
        Map<String, String> settings = EffectiveSettings.of(SETTINGS);

        assertThat(settings).containsEntry("merchants[0].token", EffectiveSettings.MASK)
                .containsEntry("merchants[0].secrets", EffectiveSettings.MASK + "," + EffectiveSettings.MASK)
                .containsEntry("remote.api-key", EffectiveSettings.MASK)
                .containsEntry("remote.password", EffectiveSettings.MASK);
        assertThat(String.join(" ", settings.values())).doesNotContain("fake-token-123", "whsec_fake", "fake-api-key",
                "fake-password", "fakepass");
    }

    @Test
    void basicAuthCredentialsInAUrlAreMaskedAndTheRestOfItShown() {
        assertThat(EffectiveSettings.of(SETTINGS))
                .containsEntry("remote.base-url", "https://" + EffectiveSettings.MASK + "@registry.invalid/apis");
    }

    @Test
    void secretLookingValuesAreMaskedWhateverTheirName() {
        record Innocent(String header, String hook, String note) {
        }

        assertThat(EffectiveSettings.of(new Innocent("Basic ZmFrZTpmYWtl", "whsec_ZmFrZQ==", "plain")))
                .containsEntry("header", EffectiveSettings.MASK).containsEntry("hook", EffectiveSettings.MASK)
                .containsEntry("note", "plain");
    }

    @Test
    void everythingElseIsShownAsWrittenIncludingWhereASecretFileIs() {
        assertThat(EffectiveSettings.of(SETTINGS))
                .containsEntry("merchants[0].id", "m1")
                .containsEntry("merchants[0].first-start-lookback", "14d")
                .containsEntry("merchants[1].first-start-lookback", "36h")
                .containsEntry("merchants[1].token", "")
                .containsEntry("merchants[1].token-file", "/run/secrets/m2-token")
                .containsEntry("per-merchant[m1].poll-interval", "30s")
                .containsEntry("remote.timeout", "500ms")
                .containsEntry("batch-size", "500");
    }

    @Test
    void aServiceLogsItsSettingsOnceBoundWithSecretsMasked(CapturedOutput output) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KaspiServiceAutoConfiguration.class))
                .withUserConfiguration(StrictSettingsTest.WithSampleSettings.class)
                .withPropertyValues("spring.application.name=sample-service", "sample-service.merchants[0].id=m1",
                        "sample-service.merchants[0].token=fake-token-456", "sample-service.remote.api-key=fake-key-789")
                .run(context -> assertThat(context).hasNotFailed());

        assertThat(output).contains("settings prefix=sample-service merchants[0].id=m1 merchants[0].token=******")
                .contains("remote.api-key=******").doesNotContain("fake-token-456").doesNotContain("fake-key-789");
    }
}
