package kz.kaspibridge.schemas.spring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Finds the settings under a prefix that bind to nothing, in every property source: files,
 * command line, system properties, {@code SPRING_APPLICATION_JSON} and environment variables.
 *
 * <p>Spring Boot's own {@code ignoreUnknownFields = false} leaves environment variables and system
 * properties out on purpose (a machine's environment holds much that is not meant for the app), so
 * a mistyped {@code ORDER_POLLER_MERCHANTS_0_FIRSTSTARTLOOKBACK} would pass. Here an environment
 * variable counts when it starts with the prefix in either of Boot's forms ({@code ORDERPOLLER_} or
 * {@code ORDER_POLLER_}): below a module's own prefix nothing else has any business.
 */
final class UnknownSettings {

    private UnknownSettings() {
    }

    /** Descriptions of the unknown settings under {@code prefix}, sorted; empty when all bind. */
    static List<String> find(ConfigurationPropertyName prefix, SettingsShape shape,
            Iterable<ConfigurationPropertySource> sources) {
        return find(prefix, shape, sources, List.of());
    }

    /** As {@link #find(ConfigurationPropertyName, SettingsShape, Iterable)}, leaving out what binds under {@code others}. */
    static List<String> find(ConfigurationPropertyName prefix, SettingsShape shape,
            Iterable<ConfigurationPropertySource> sources, List<ConfigurationPropertyName> others) {
        TreeSet<String> unknown = new TreeSet<>();
        for (ConfigurationPropertySource source : sources) {
            if (isSystemEnvironment(source.getUnderlyingSource())) {
                findInEnvironment(prefix, shape, (EnumerablePropertySource<?>) source.getUnderlyingSource(), unknown);
            } else if (source instanceof IterableConfigurationPropertySource iterable) {
                findInNames(prefix, shape, iterable, unknown);
            }
        }
        for (ConfigurationPropertyName other : others) {
            if (!other.equals(prefix)) {
                // A shape that accepts nothing lists everything under the other prefix.
                unknown.removeAll(find(other, SettingsShape.empty(), sources, List.of()));
            }
        }
        return new ArrayList<>(unknown);
    }


    /**
     * Lists set in more than one source: Spring Boot takes a list whole from the highest-priority
     * source that has any element of it, so the others' elements have no effect. Returns, per such
     * list, a sentence naming the list, the source used and the sources ignored; {@code ignoredEnvironment}
     * receives those where environment variables are the ignored ones (an operator's override lost).
     */
    static List<String> shadowedLists(ConfigurationPropertyName prefix, SettingsShape shape,
            Iterable<ConfigurationPropertySource> sources, List<String> ignoredEnvironment) {
        List<String> shadowed = new ArrayList<>();
        for (String list : shape.lists()) {
            ConfigurationPropertyName name = prefix.append(list);
            List<ConfigurationPropertySource> setting = new ArrayList<>();
            for (ConfigurationPropertySource source : sources) {
                if (source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT
                        || source.getConfigurationProperty(name) != null) {
                    setting.add(source);
                }
            }
            if (setting.size() < 2) {
                continue;
            }
            List<String> ignored = setting.subList(1, setting.size()).stream().map(UnknownSettings::sourceName).toList();
            String sentence = name + " is a list, taken whole from " + sourceName(setting.get(0)) + "; its elements in "
                    + String.join(", ", ignored) + " have no effect";
            shadowed.add(sentence);
            if (setting.subList(1, setting.size()).stream().anyMatch(s -> isSystemEnvironment(s.getUnderlyingSource()))) {
                ignoredEnvironment.add("environment variables under " + name + ": " + sentence);
            }
        }
        return shadowed;
    }

    private static String sourceName(ConfigurationPropertySource source) {
        return source.getUnderlyingSource() instanceof PropertySource<?> propertySource
                ? propertySource.getName() : String.valueOf(source.getUnderlyingSource());
    }

    private static void findInNames(ConfigurationPropertyName prefix, SettingsShape shape,
            IterableConfigurationPropertySource source, TreeSet<String> unknown) {
        source.stream().filter(prefix::isAncestorOf)
                .filter(name -> !shape.accepts(name, prefix.getNumberOfElements()))
                .forEach(name -> unknown.add(describe(name, source.getConfigurationProperty(name))));
    }

    private static void findInEnvironment(ConfigurationPropertyName prefix, SettingsShape shape,
            EnumerablePropertySource<?> environment, TreeSet<String> unknown) {
        List<String> canonical = canonicalElements(prefix);
        List<String> legacy = legacyElements(prefix);
        for (String variable : environment.getPropertyNames()) {
            if (variable.indexOf('.') >= 0) {
                // Boot also reads a variable literally named order-poller.kaspi.timeout.
                ConfigurationPropertyName name = ConfigurationPropertyName.adapt(variable, '.');
                if (prefix.isAncestorOf(name) && !shape.accepts(name, prefix.getNumberOfElements())) {
                    unknown.add("environment variable " + variable);
                }
                continue;
            }
            List<String> elements = Arrays.asList(variable.toLowerCase(Locale.ROOT).split("_", -1));
            boolean underCanonical = startsWith(elements, canonical);
            boolean underLegacy = startsWith(elements, legacy);
            if (!underCanonical && !underLegacy) {
                continue;
            }
            // Boot looks a legacy name up in upper or lower case only; the canonical form in any case.
            boolean oneCase = variable.equals(variable.toUpperCase(Locale.ROOT))
                    || variable.equals(variable.toLowerCase(Locale.ROOT));
            boolean binds = (underCanonical && shape.acceptsEnvironment(
                    elements.subList(canonical.size(), elements.size()), false))
                    || (underLegacy && oneCase && shape.acceptsEnvironment(
                    elements.subList(legacy.size(), elements.size()), true));
            if (!binds) {
                unknown.add("environment variable " + variable);
            }
        }
    }

    private static boolean startsWith(List<String> elements, List<String> prefix) {
        return elements.size() > prefix.size() && elements.subList(0, prefix.size()).equals(prefix);
    }

    private static List<String> canonicalElements(ConfigurationPropertyName prefix) {
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < prefix.getNumberOfElements(); i++) {
            elements.add(prefix.getElement(i, ConfigurationPropertyName.Form.UNIFORM));
        }
        return elements;
    }

    private static List<String> legacyElements(ConfigurationPropertyName prefix) {
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < prefix.getNumberOfElements(); i++) {
            elements.addAll(Arrays.asList(prefix.getElement(i, ConfigurationPropertyName.Form.DASHED).split("-")));
        }
        return elements;
    }

    private static String describe(ConfigurationPropertyName name, ConfigurationProperty property) {
        if (property == null || property.getOrigin() == null) {
            return name.toString();
        }
        return name + " (" + property.getOrigin() + ")";
    }

    // The same test Boot applies before it maps a source as environment variables.
    private static boolean isSystemEnvironment(Object source) {
        if (!(source instanceof SystemEnvironmentPropertySource environment)) {
            return false;
        }
        String name = environment.getName();
        return name.equals(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)
                || name.endsWith("-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    }
}
