package kz.kaspibridge.schemas.spring;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.Name;

/**
 * A bound settings record as flat {@code name=value} pairs, in the names an operator writes, with
 * every secret masked: by name (token, secret, password, API key, credentials, private key, JAAS
 * config, authorization), by type ({@code char[]}), and by value (a {@code whsec_} signing secret, a
 * {@code Basic}/{@code Bearer} header value, the {@code user:password@} part of a URL). A path to a
 * secret file is shown: it is where the secret is, not the secret.
 */
final class EffectiveSettings {

    static final String MASK = "******";

    private static final Pattern SECRET_NAME = Pattern.compile(
            "token|secret|password|passwd|pwd|api-?key|credential|private-?key|jaas|authori[sz]ation|signing-?key",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SECRET_VALUE = Pattern.compile("(?i)^\\s*(whsec_|basic\\s|bearer\\s)");
    private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");

    private EffectiveSettings() {
    }

    /** {@code merchants[0].poll-interval -> 30s}, in declaration order; secrets masked. */
    static Map<String, String> of(Object settings) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", false, settings, flat);
        return flat;
    }

    /** {@code name=value name=value ...}, values with spaces quoted: one log line's worth. */
    static String pairs(Object settings) {
        return of(settings).entrySet().stream()
                .map(e -> e.getKey() + "=" + quoted(e.getValue()))
                .collect(Collectors.joining(" "));
    }

    private static void flatten(String name, boolean secret, Object value, Map<String, String> flat) {
        if (value instanceof Optional<?> optional) {
            flatten(name, secret, optional.orElse(null), flat);
        } else if (value != null && value.getClass().isRecord()) {
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                String child = DataObjectPropertyName.toDashedForm(propertyName(component));
                flatten(join(name, child), secret || isSecretName(child, component.getType()),
                        read(component, value), flat);
            }
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                flat.put(name, "{}");
            }
            map.forEach((key, item) -> flatten(name + "[" + key + "]",
                    secret || isSecretName(String.valueOf(key), Object.class), item, flat));
        } else if (value instanceof Collection<?> collection && collection.stream().anyMatch(EffectiveSettings::isNested)) {
            int index = 0;
            for (Object item : collection) {
                flatten(name + "[" + index++ + "]", secret, item, flat);
            }
        } else if (value instanceof Collection<?> collection) {
            flat.put(name, collection.stream().map(item -> scalar(secret, item)).collect(Collectors.joining(",")));
        } else {
            flat.put(name, scalar(secret, value));
        }
    }

    private static boolean isNested(Object item) {
        return item != null && (item.getClass().isRecord() || item instanceof Map || item instanceof Collection);
    }

    private static String scalar(boolean secret, Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof char[] || secret && !(value instanceof Path || value instanceof File)) {
            return String.valueOf(value).isEmpty() ? "" : MASK;
        }
        String text = value instanceof Duration duration ? duration(duration) : String.valueOf(value);
        if (SECRET_VALUE.matcher(text).find()) {
            return MASK;
        }
        if (value instanceof URI || value instanceof URL || text.contains("://")) {
            Matcher userInfo = URL_USER_INFO.matcher(text);
            return userInfo.replaceAll(Matcher.quoteReplacement(MASK + "@"));
        }
        return text;
    }

    private static boolean isSecretName(String name, Class<?> type) {
        return SECRET_NAME.matcher(name).find() && !Path.class.isAssignableFrom(type) && type != File.class;
    }

    /** 14d, 30s, 500ms: the way the settings are written, not PT336H. */
    static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0 || duration.toNanosPart() % 1_000_000 != 0) {
            return duration.toString();
        }
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis % sizes[i] == 0) {
                return millis / sizes[i] + units[i];
            }
        }
        return duration.toString();
    }

    private static String propertyName(RecordComponent component) {
        Name renamed = component.getAnnotation(Name.class);
        return renamed != null ? renamed.value() : component.getName();
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            component.getAccessor().setAccessible(true);
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read setting " + component.getName() + " of " + record.getClass(), e);
        }
    }

    private static String join(String parent, String child) {
        return parent.isEmpty() ? child : parent + "." + child;
    }

    private static String quoted(String value) {
        return value.isEmpty() || value.chars().anyMatch(c -> c == ' ' || c == '"' || c == '=')
                ? '"' + value.replace("\"", "\\\"") + '"' : value;
    }
}
