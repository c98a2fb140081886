package dev.junction.crossbar.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Keeps the configurations an import owns in line with its plan. Each one carries three tags: the import that owns
 * it ({@link #SOURCE}), the imported file ({@link #FILE}), and a digest of the properties it was given
 * ({@link #DIGEST}). On each apply, a configuration whose properties no longer match its digest was edited by hand:
 * that is reported, and the file wins. Unchanged configurations are not touched (their services do not restart);
 * owned configurations the plan no longer has are deleted; nothing without the owner's tag is ever changed.
 */
final class ConfigApplier {
    static final String SOURCE = "junction.crossbar.source";
    static final String FILE = "junction.crossbar.file";
    static final String DIGEST = "junction.crossbar.digest";
    private static final Set<String> NOT_CONTENT = Set.of(Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID,
            ConfigurationAdmin.SERVICE_BUNDLELOCATION, "felix.fileinstall.filename", SOURCE, FILE, DIGEST);

    private final ConfigurationAdmin configAdmin;
    private final String owner;

    /** {@code owner}: the PID of the import configuration. */
    ConfigApplier(ConfigurationAdmin configAdmin, String owner) {
        this.configAdmin = configAdmin;
        this.owner = owner;
    }

    /** Applies {@code plan}; conflicts and hand edits go to {@code findings}. */
    void apply(List<Planned> plan, String file, Findings findings) throws IOException {
        Set<String> wanted = new HashSet<>();
        for (Planned p : plan) {
            String conflict = conflict(p);
            if (conflict != null) {
                findings.error(p.source(), conflict);
                continue;
            }
            wanted.add(p.factoryPid() + "~" + p.name());
            Configuration c = configAdmin.getFactoryConfiguration(p.factoryPid(), p.name(), "?");
            Dictionary<String, Object> current = c.getProperties();
            String digest = digest(p.properties());
            if (current != null) {
                if (!owner.equals(current.get(SOURCE))) {
                    findings.error(p.source(), c.getPid() + " exists and was not created by this import; left as is");
                    continue;
                }
                String contentNow = digest(content(current));
                if (!contentNow.equals(current.get(DIGEST))) {
                    findings.overridden(p.source(), c.getPid() + " was edited by hand; the Crossbar file wins");
                }
                if (contentNow.equals(digest) && file.equals(current.get(FILE))) {
                    continue; // unchanged: do not restart what it configures
                }
            }
            Hashtable<String, Object> props = new Hashtable<>(p.properties());
            props.put(SOURCE, owner);
            props.put(FILE, file);
            props.put(DIGEST, digest);
            c.updateIfDifferent(props);
        }
        for (Configuration c : owned()) {
            if (!wanted.contains(c.getPid())) {
                c.delete();
            }
        }
    }

    /** Deletes every configuration this import owns (its own configuration was deleted). */
    void removeAll() throws IOException {
        for (Configuration c : owned()) {
            c.delete();
        }
    }

    List<Configuration> owned() throws IOException {
        try {
            Configuration[] all = configAdmin.listConfigurations("(" + SOURCE + "=" + escape(owner) + ")");
            return all == null ? List.of() : Arrays.asList(all);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A realm, or a transport id, that a configuration outside this import already defines: two realms of one
     * name, or two transports of one id, would fight; the one in {@code etc/} stays.
     */
    private String conflict(Planned p) throws IOException {
        String key = p.factoryPid().equals(CrossbarMapper.REALM_PID) ? "name"
                : p.factoryPid().startsWith("dev.junction.transport.") && !p.factoryPid().endsWith(".path") ? "id"
                : null;
        if (key == null) {
            return null;
        }
        Object value = p.properties().get(key);
        try {
            Configuration[] same = configAdmin.listConfigurations("(&(" + ConfigurationAdmin.SERVICE_FACTORYPID + "="
                    + p.factoryPid() + ")(" + key + "=" + escape(String.valueOf(value)) + "))");
            for (Configuration c : same == null ? new Configuration[0] : same) {
                Dictionary<String, Object> props = c.getProperties();
                if (props != null && !owner.equals(props.get(SOURCE))) {
                    return (key.equals("name") ? "realm '" : "transport id '") + value + "' is already configured by "
                            + c.getPid() + "; remove that configuration to let the import define it";
                }
            }
            return null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> content(Dictionary<String, Object> props) {
        Map<String, Object> out = new TreeMap<>();
        for (String k : Collections.list(props.keys())) {
            if (!NOT_CONTENT.contains(k)) {
                out.put(k, props.get(k));
            }
        }
        return out;
    }

    /**
     * A digest of properties as text, so that a value that only changed its type (ConfigAdmin, the console and
     * FileInstall may turn 8080 into "8080") does not count as an edit.
     */
    static String digest(Map<String, Object> props) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(props).forEach((k, v) -> {
            if (!NOT_CONTENT.contains(k)) {
                b.append(k).append('=').append(text(v)).append('\n');
            }
        });
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Object v) {
        if (v instanceof Object[] array) {
            List<String> parts = new ArrayList<>();
            for (Object o : array) {
                parts.add(String.valueOf(o));
            }
            return String.join(",", parts);
        }
        if (v instanceof java.util.Collection<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("*", "\\*");
    }
}
