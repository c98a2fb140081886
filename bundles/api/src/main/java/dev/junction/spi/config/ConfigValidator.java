package dev.junction.spi.config;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * Checks one flat configuration (ConfigAdmin properties) in code, because ConfigAdmin does not check values against
 * the Metatype. Typed getters return the value or the default, and collect one error per bad key instead of
 * throwing, so that a refused configuration is reported once, completely, in one log line:
 * {@code Configuration dev.junction.transport.websocket~default refused: options.auto_ping_size=5, allowed 12..125}.
 *
 * <p>Generic on purpose: nothing here knows about WebSocket; other transports and the realm configuration use the
 * same class. Values arrive typed ({@code Integer}, {@code Boolean}, {@code String[]}, from the console or a
 * {@code .config} file) or as strings (a Karaf {@code .cfg} file), and both are accepted.
 *
 * <p>Not thread-safe; one instance per check.
 */
public final class ConfigValidator {

    private final String pid;
    private final Map<String, ?> properties;
    private final Map<String, String> errors = new LinkedHashMap<>();

    /**
     * @param pid the configuration's {@code service.pid}, named in every message
     * @param properties the configuration's properties
     */
    public ConfigValidator(String pid, Map<String, ?> properties) {
        this.pid = pid;
        this.properties = properties;
    }

    public String pid() {
        return pid;
    }

    /** Whether the key is present with a non-null value. */
    public boolean has(String key) {
        return properties.get(key) != null;
    }

    /** The value as given, or {@code null}. */
    public Object raw(String key) {
        return properties.get(key);
    }

    /** A scalar as a trimmed string; {@code def} when absent. */
    public String string(String key, String def) {
        Object value = properties.get(key);
        if (value == null) {
            return def;
        }
        if (value.getClass().isArray() || value instanceof Collection) {
            error(key, value, "allowed a single value");
            return def;
        }
        return value.toString().trim();
    }

    /** A string that must be one of {@code allowed} (compared ignoring case, returned in the allowed spelling). */
    public String oneOf(String key, String def, String... allowed) {
        String value = string(key, null);
        if (value == null) {
            return def;
        }
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(value)) {
                return candidate;
            }
        }
        error(key, value, "allowed " + String.join("|", allowed));
        return def;
    }

    /** A boolean: {@code Boolean}, or the strings {@code true}/{@code false} in any case. */
    public boolean bool(String key, boolean def) {
        Object value = properties.get(key);
        if (value == null) {
            return def;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim();
        if ("true".equalsIgnoreCase(text)) {
            return true;
        }
        if ("false".equalsIgnoreCase(text)) {
            return false;
        }
        error(key, value, "allowed true|false");
        return def;
    }

    /** An integer in {@code min..max}. */
    public int integer(String key, int def, int min, int max) {
        return integer(key, def, v -> v >= min && v <= max, "allowed " + min + ".." + max);
    }

    /** Milliseconds that are either 0 (off) or at least 1000, as Crossbar's {@code _check_milliseconds}. */
    public int millis(String key, int def) {
        return integer(key, def, v -> v == 0 || v >= 1000, "allowed 0 (off) or 1000.." + Integer.MAX_VALUE + " ms");
    }

    /** An integer accepted by {@code check}; {@code allowed} describes the accepted values in the message. */
    public int integer(String key, int def, IntPredicate check, String allowed) {
        Object value = properties.get(key);
        if (value == null) {
            return def;
        }
        Long parsed = toLong(value);
        if (parsed == null || parsed < Integer.MIN_VALUE || parsed > Integer.MAX_VALUE
                || !check.test(parsed.intValue())) {
            error(key, value, allowed);
            return def;
        }
        return parsed.intValue();
    }

    /**
     * A list of strings: a {@code String[]}, a collection, or one string separated by commas and/or whitespace (a
     * Karaf {@code .cfg} file delivers {@code serializers = json,msgpack} as one string). Blank entries are
     * dropped; {@code def} when absent.
     */
    public List<String> list(String key, List<String> def) {
        Object value = properties.get(key);
        if (value == null) {
            return def;
        }
        List<String> items = new ArrayList<>();
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                addSplit(items, Array.get(value, i));
            }
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(item -> addSplit(items, item));
        } else {
            addSplit(items, value);
        }
        return Collections.unmodifiableList(items);
    }

    /**
     * Every key under {@code prefix} (e.g. {@code options.}) must be one of {@code known} (full key names); each
     * other one is an error, as in Crossbar's checkconfig.
     */
    public void onlyKnownKeys(String prefix, Set<String> known) {
        for (String key : new TreeSet<>(properties.keySet())) {
            if (key.startsWith(prefix) && !known.contains(key)) {
                error(key, properties.get(key), "unknown key (known under " + prefix + ": "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    /** Every key under {@code prefix}, with the prefix removed, in key order. */
    public Map<String, Object> withPrefix(String prefix) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (String key : new TreeSet<>(properties.keySet())) {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                result.put(key.substring(prefix.length()), properties.get(key));
            }
        }
        return Collections.unmodifiableMap(result);
    }

    /**
     * Records an error for {@code key}: rendered as {@code key=value, problem}. {@code problem} is usually
     * {@code allowed ...}; the first error for a key wins.
     */
    public void error(String key, Object value, String problem) {
        errors.putIfAbsent(key, key + "=" + render(value) + ", " + problem);
    }

    /** Whether no error has been recorded. */
    public boolean ok() {
        return errors.isEmpty();
    }

    /** The recorded errors, one per key, in the order found. */
    public List<String> errors() {
        return List.copyOf(errors.values());
    }

    /** The single log line for a refused configuration, naming the PID and every bad key. */
    public String summary() {
        return refusal(pid, String.join("; ", errors.values())) + fileNote(properties);
    }

    /**
     * A factory configuration's instance name, stable across restarts (the default {@code id} of transports and
     * connections): {@code NAME} of a {@code service.pid} {@code factoryPid~NAME}; else {@code NAME} of the FileInstall
     * file {@code <factoryPid>-NAME.cfg} it came from (factory PIDs contain no hyphen, so the first one separates
     * them); else the pid, or {@code defaultPid} when the properties carry none.
     */
    public static String instanceName(Map<String, ?> properties, String defaultPid) {
        Object servicePid = properties.get("service.pid");
        String pid = servicePid == null ? defaultPid : servicePid.toString();
        int tilde = pid.indexOf('~');
        if (tilde >= 0 && tilde < pid.length() - 1) {
            return pid.substring(tilde + 1);
        }
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String name = file.toString();
            name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
            int dot = name.lastIndexOf('.');
            if (dot > 0) {
                name = name.substring(0, dot);
            }
            int dash = name.indexOf('-');
            if (dash >= 0 && dash < name.length() - 1) {
                return name.substring(dash + 1);
            }
        }
        return pid;
    }

    /**
     * Where a configuration came from when Karaf's FileInstall read it from etc/ (property
     * {@code felix.fileinstall.filename}), as {@code " (file /path/etc/x.cfg)"}; else empty. Operators edit files,
     * so a refusal names the file as well as the PID.
     */
    public static String fileNote(Map<String, ?> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        if (file == null) {
            return "";
        }
        String f = file.toString();
        try {
            f = f.startsWith("file:") ? java.net.URI.create(f).getPath() : f;
        } catch (IllegalArgumentException e) {
            // not a well-formed URI: show it as it is
        }
        return " (file " + f + ")";
    }

    /** The log line for a configuration refused for {@code detail} (e.g. {@code endpoint.port=8080, port in use}). */
    public static String refusal(String pid, String detail) {
        return "Configuration " + pid + " refused: " + detail;
    }

    /** Renders a value the way messages show it: arrays as {@code [a, b]}, an empty string as {@code ""}. */
    public static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value.getClass().isArray()) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(String.valueOf(Array.get(value, i)));
            }
            return items.toString();
        }
        String text = value.toString();
        return text.isEmpty() ? "\"\"" : text;
    }

    private static void addSplit(List<String> items, Object item) {
        if (item == null) {
            return;
        }
        Arrays.stream(item.toString().split("[,\\s]+")).filter(s -> !s.isEmpty()).forEach(items::add);
    }

    private static Long toLong(Object value) {
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) ? (long) d : null;
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
