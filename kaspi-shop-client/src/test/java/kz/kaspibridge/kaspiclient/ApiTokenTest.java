package kz.kaspibridge.kaspiclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenTest {

    @TempDir
    Path dir;

    @Test
    void exactlyOneSourceIsAccepted() {
        Path file = dir.resolve("token");
        assertThat(ApiToken.hasOneSource("fake-token", null)).isTrue();
        assertThat(ApiToken.hasOneSource(null, file)).isTrue();
        assertThat(ApiToken.hasOneSource("fake-token", file)).isFalse();
        assertThat(ApiToken.hasOneSource(null, null)).isFalse();
        assertThat(ApiToken.hasOneSource("  ", null)).isFalse();
    }

    @Test
    void aTokenFileIsReadWhenAskedWithItsLineEndStripped() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "fake-token-1\n");
        assertThat(ApiToken.from(null, file, "merchant m1").value()).isEqualTo("fake-token-1");

        Files.writeString(file, "fake-token-2\n"); // rotated: the next read sees the new one
        assertThat(ApiToken.from(null, file, "merchant m1").value()).isEqualTo("fake-token-2");
        assertThat(ApiToken.from("fake-inline", null, "merchant m1").value()).isEqualTo("fake-inline");
    }

    @Test
    void aMissingOrEmptyTokenFileFailsNamingItsOwnerNotTheToken() throws IOException {
        assertThatThrownBy(() -> ApiToken.from(null, dir.resolve("absent"), "merchant m1"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("merchant m1");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> ApiToken.from(null, empty, "merchant m1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverPrintsItsValue() {
        assertThat(new ApiToken("fake-secret-value").toString()).doesNotContain("fake-secret-value");
    }
}
