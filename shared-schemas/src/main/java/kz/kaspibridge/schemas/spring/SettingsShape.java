package kz.kaspibridge.schemas.spring;

import java.io.File;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;

/**
 * The property names a settings record accepts, read from its components the way Spring Boot's
 * constructor binding reads them: nested records are groups, lists and sets take {@code [n]} (or one
 * comma-separated value), maps take any key. Used to tell a setting that binds to nothing from
 * one that does, whichever source it comes from.
 *
 * <p>Only records are walked; any other non-scalar type accepts every name below it, so the check
 * never rejects what it does not understand.
 */
final class SettingsShape {

    private static final int MAX_DEPTH = 16;
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private final Node root;

    private SettingsShape(Node root) {
        this.root = root;
    }

    static SettingsShape of(ResolvableType type) {
        return new SettingsShape(node(type, 0));
    }

    /** A shape that accepts nothing below its prefix: a module with no settings of its own. */
    static SettingsShape empty() {
        return new SettingsShape(new Group(Map.of()));
    }

    /** Whether {@code name}, from element {@code from} on (the prefix's elements skipped), binds. */
    boolean accepts(ConfigurationPropertyName name, int from) {
        String[] elements = new String[name.getNumberOfElements() - from];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = name.getElement(from + i, Form.UNIFORM);
        }
        return root.accepts(List.of(elements), 0, false);
    }

    /**
     * Whether environment variable elements (split at {@code _}, lower case) below the prefix bind:
     * in the canonical form each property is one element with its dashes removed
     * ({@code FIRSTSTARTLOOKBACK}); in the legacy form each dash became {@code _}
     * ({@code FIRST_START_LOOKBACK}). Spring Boot maps a name in one form or the other, never a mix.
     */
    boolean acceptsEnvironment(List<String> elements, boolean legacy) {
        return root.accepts(elements, 0, legacy);
    }

    /**
     * The dashed names of the lists reachable through records alone ({@code merchants}), the
     * settings Spring Boot takes whole from a single source.
     */
    List<String> lists() {
        List<String> lists = new ArrayList<>();
        collectLists(root, "", lists);
        return lists;
    }

    private static void collectLists(Node node, String path, List<String> lists) {
        if (node instanceof Indexed) {
            lists.add(path);
        } else if (node instanceof Group group) {
            group.children().forEach((name, child) -> collectLists(child, path.isEmpty() ? name : path + "." + name, lists));
        }
    }

    private static Node node(ResolvableType type, int depth) {
        Class<?> raw = type.resolve();
        if (raw == null || depth > MAX_DEPTH) {
            return OPEN;
        }
        if (isScalar(raw)) {
            return LEAF;
        }
        if (raw.isArray()) {
            return new Indexed(node(type.getComponentType(), depth + 1));
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return new Indexed(node(type.asCollection().getGeneric(0), depth + 1));
        }
        if (Map.class.isAssignableFrom(raw)) {
            return new Keyed(node(type.asMap().getGeneric(1), depth + 1));
        }
        if (Optional.class.equals(raw)) {
            return node(type.getGeneric(0), depth + 1);
        }
        if (raw.isRecord()) {
            Map<String, Node> children = new LinkedHashMap<>();
            for (RecordComponent component : raw.getRecordComponents()) {
                Name renamed = component.getAnnotation(Name.class);
                String name = renamed != null ? renamed.value() : component.getName();
                children.put(DataObjectPropertyName.toDashedForm(name),
                        node(ResolvableType.forMethodReturnType(component.getAccessor(), raw), depth + 1));
            }
            return new Group(children);
        }
        return OPEN;
    }

    private static boolean isScalar(Class<?> type) {
        return type.isPrimitive() || type.isEnum() || Number.class.isAssignableFrom(type)
                || CharSequence.class.isAssignableFrom(type) || type == Boolean.class || type == Character.class
                || type == char[].class || type == byte[].class
                || Temporal.class.isAssignableFrom(type) || type == Duration.class || type == Period.class
                || ZoneId.class.isAssignableFrom(type) || type == URI.class || type == URL.class
                || Path.class.isAssignableFrom(type) || type == File.class || InetAddress.class.isAssignableFrom(type)
                || Charset.class.isAssignableFrom(type) || type == Locale.class || type == UUID.class
                || type == Class.class || type == DataSize.class || Resource.class.isAssignableFrom(type)
                || type == Pattern.class;
    }

    private static boolean isIndex(String element) {
        String bare = element.startsWith("[") && element.endsWith("]")
                ? element.substring(1, element.length() - 1) : element;
        return DIGITS.matcher(bare).matches();
    }

    private sealed interface Node permits Leaf, Open, Group, Indexed, Keyed {
        boolean accepts(List<String> elements, int at, boolean legacy);
    }

    private static final Node LEAF = new Leaf();
    private static final Node OPEN = new Open();

    private record Leaf() implements Node {
        @Override
        public boolean accepts(List<String> elements, int at, boolean legacy) {
            return at == elements.size();
        }
    }

    private record Open() implements Node {
        @Override
        public boolean accepts(List<String> elements, int at, boolean legacy) {
            return true;
        }
    }

    /** A record: each component by its dashed name, or by its dash-separated parts in a legacy env name. */
    private record Group(Map<String, Node> children) implements Node {
        @Override
        public boolean accepts(List<String> elements, int at, boolean legacy) {
            if (at == elements.size()) {
                return true; // the group itself given a value: binding reports that, not this check
            }
            for (Map.Entry<String, Node> child : children.entrySet()) {
                List<String> parts = legacy ? Arrays.asList(child.getKey().split("-"))
                        : List.of(child.getKey().replace("-", ""));
                if (startsWith(elements, at, parts) && child.getValue().accepts(elements, at + parts.size(), legacy)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean startsWith(List<String> elements, int at, List<String> parts) {
            if (at + parts.size() > elements.size()) {
                return false;
            }
            for (int i = 0; i < parts.size(); i++) {
                if (!elements.get(at + i).equals(parts.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A list, set or array: {@code [n]} then the element, or the whole value at once. */
    private record Indexed(Node element) implements Node {
        @Override
        public boolean accepts(List<String> elements, int at, boolean legacy) {
            if (at == elements.size()) {
                return true;
            }
            return isIndex(elements.get(at)) && element.accepts(elements, at + 1, legacy);
        }
    }

    /**
     * A map: a key of one or more elements, then the value. Boot finds map entries among
     * environment variables only in the canonical form, so a legacy-form entry binds to nothing.
     */
    private record Keyed(Node value) implements Node {
        @Override
        public boolean accepts(List<String> elements, int at, boolean legacy) {
            if (at == elements.size()) {
                return true;
            }
            if (legacy) {
                return false;
            }
            // A record value needs at least one element of its own after the key.
            int last = value instanceof Group ? elements.size() - 1 : elements.size();
            for (int end = at + 1; end <= last; end++) {
                if (value.accepts(elements, end, legacy)) {
                    return true;
                }
            }
            return false;
        }
    }
}
