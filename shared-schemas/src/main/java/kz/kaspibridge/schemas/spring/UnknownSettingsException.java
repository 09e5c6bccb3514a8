package kz.kaspibridge.schemas.spring;

import java.util.List;

/** Start-up fails with this when a setting under a module's prefix binds to nothing. */
public class UnknownSettingsException extends IllegalStateException {

    private final String prefix;
    private final List<String> settings;

    UnknownSettingsException(String prefix, String target, List<String> settings) {
        super("unknown setting" + (settings.size() == 1 ? "" : "s") + " under '" + prefix + "', matching no property of "
                + target + ": " + String.join("; ", settings)
                + ". Fix the name or remove it; the module README lists every setting with its environment variable");
        this.prefix = prefix;
        this.settings = List.copyOf(settings);
    }

    public String prefix() {
        return prefix;
    }

    /** Each unknown setting as found: its property name and origin, or {@code environment variable NAME}. */
    public List<String> settings() {
        return settings;
    }
}
