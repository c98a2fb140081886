package dev.junction.cluster.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A digest of the configuration every node of a cluster must share: realms, roles and principals
 * ({@value #REALM}, {@value #ROLE}, {@value #PRINCIPAL}). It depends on the factory PIDs and the properties only, not
 * on instance names, file names or the order ConfigurationAdmin lists them in, so two nodes configured alike agree.
 */
final class ConfigDigest {
    static final String REALM = "dev.junction.realm";
    static final String ROLE = "dev.junction.realm.role";
    static final String PRINCIPAL = "dev.junction.auth.principal";
    static final Set<String> FACTORY_PIDS = Set.of(REALM, ROLE, PRINCIPAL);
    /** An LDAP filter that lists those configurations. */
    static final String FILTER = "(|(service.factoryPid=" + REALM + ")(service.factoryPid=" + ROLE
            + ")(service.factoryPid=" + PRINCIPAL + "))";

    /**
     * Properties ConfigurationAdmin, fileinstall and the Crossbar import add, which say where a configuration lives,
     * not what it is (nodes installed in different directories import the same Crossbar file from different paths;
     * the import's content digest stays in).
     */
    private static final Set<String> LOCATION_KEYS = Set.of("service.pid", "service.factoryPid",
            "service.bundleLocation", "felix.fileinstall.filename", "component.name", "component.id",
            "junction.crossbar.file");

    private ConfigDigest() {
    }

    /** One configuration: its factory PID and properties. */
    record Entry(String factoryPid, Map<String, ?> properties) {
    }

    /** The digest (SHA-256, hex) of {@code entries}; entries of other factory PIDs are ignored. */
    static String of(Collection<Entry> entries) {
        List<String> canonical = new ArrayList<>();
        for (Entry e : entries) {
            if (FACTORY_PIDS.contains(e.factoryPid())) {
                canonical.add(canonical(e));
            }
        }
        canonical.sort(null);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String c : canonical) {
                sha.update(c.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String canonical(Entry e) {
        Map<String, String> sorted = new TreeMap<>();
        e.properties().forEach((k, v) -> {
            if (!LOCATION_KEYS.contains(k)) {
                sorted.put(k, render(v));
            }
        });
        return e.factoryPid() + sorted;
    }

    /** Values as text; a one-element array and its element, and "5" and 5, count as the same (a .cfg file vs code). */
    private static String render(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Object[] a) {
            return a.length == 1 ? render(a[0]) : Arrays.deepToString(a);
        }
        if (v instanceof Collection<?> c) {
            return c.size() == 1 ? render(c.iterator().next()) : c.toString();
        }
        if (v.getClass().isArray()) {
            return "array";
        }
        return v.toString();
    }
}
