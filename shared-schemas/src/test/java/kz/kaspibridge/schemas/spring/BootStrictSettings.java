package kz.kaspibridge.schemas.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Boot's own strictness alone, with no shared check installed. */
@ConfigurationProperties(prefix = "boot-strict", ignoreUnknownFields = false)
record BootStrictSettings(Duration timeout) {
}
